import * as pulumi from "@pulumi/pulumi";
import { OfficialAccount } from "pulumi-tencentcloud-chat";

// From nothing to three environments: each stack (dev, staging, prod) is its own Chat app, named with its
// secret key in Pulumi.<stack>.yaml. The program is the same everywhere, so what was reviewed and applied on
// dev is exactly what reaches staging and prod; everything that differs on purpose is stack config.
const config = new pulumi.Config("accounts");
const brand = config.require("brand");
const owner = config.require("owner");
const maxSubscriberNum = config.requireNumber("maxSubscriberNum");
const stack = pulumi.getStack();

// Destroying or replacing an OfficialAccount destroys the account, its subscribers and its messages:
// production accounts are protected, so only an explicit `protect: false` and a second `up` can remove them.
const options: pulumi.CustomResourceOptions = { protect: stack === "prod" };

const accounts = [
  { key: "support", name: `${brand} Support`, introduction: "We answer within a day." },
  { key: "news", name: `${brand} News`, introduction: "Product news, twice a month." },
];

export const officialAccounts = accounts.map(
  (account) =>
    new OfficialAccount(
      account.key,
      {
        // One ID in every app (IDs are unique per app), so support tooling can name it the same way everywhere.
        officialAccount: `@TOA#_${account.key}`,
        ownerAccount: owner,
        name: account.name,
        introduction: account.introduction,
        faceUrl: `https://cdn.example.com/${stack}/${account.key}.png`,
        organization: "Example Ltd",
        customString: JSON.stringify({ environment: stack }),
        maxSubscriberNum,
      },
      options,
    ).officialAccount,
);
