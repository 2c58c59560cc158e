/**
 * The resource ID: `<sdkAppId>/<officialAccount>`, e.g. `1400000000/@TOA#_support`. The app is part of it
 * because an account ID is unique only within its app. The SDKAppID is digits, so the first `/` splits
 * the two even when the account ID itself contains `/`.
 */
export function formatResourceId(sdkAppId: number, officialAccount: string): string {
  return `${sdkAppId}/${officialAccount}`;
}

export function parseResourceId(id: string): { sdkAppId?: number; officialAccount: string } {
  const match = /^(\d+)\/(.+)$/s.exec(id);
  if (!match) return { officialAccount: id };
  return { sdkAppId: Number(match[1]), officialAccount: match[2] as string };
}
