import * as pulumi from "@pulumi/pulumi";
import { OfficialAccountProfile } from "pulumi-tencentcloud-chat";

// The demo program: two official accounts that already exist in the app (created in the Chat console or with
// create_official_account). Declaring them is the import: the first `pulumi up` adopts them.
// Run it with `npm run demo` (emulator, no Tencent account needed) or `pulumi up` from the repository root.
const config = new pulumi.Config();

const support = new OfficialAccountProfile("support", {
  officialAccount: config.get("supportAccount") ?? "@TOA#_support",
  name: "Example Support",
  introduction: "We answer within a day.",
  faceUrl: "https://cdn.example.com/support.png",
  organization: "Example Ltd",
  // Removing this resource (or `pulumi destroy`) puts back the values the account had when it was adopted.
  deletePolicy: "restore",
});

const news = new OfficialAccountProfile("news", {
  officialAccount: config.get("newsAccount") ?? "@TOA#_news",
  name: "Example News",
  introduction: "Product news, twice a month.",
  customString: JSON.stringify({ channel: "news" }),
  // deletePolicy "retain" (the default): removing the resource leaves the account as it is.
  // Fields left out (faceUrl, organization, maxSubscriberNum) are not managed: never sent, never compared.
});

export const supportAccount = support.officialAccount;
export const supportSubscribers = support.subscriberNum;
export const newsAccount = news.officialAccount;
