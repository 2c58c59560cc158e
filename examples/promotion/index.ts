import * as pulumi from "@pulumi/pulumi";
import { OfficialAccountProfile } from "pulumi-tencentcloud-chat";

// Everything that differs between environments is stack config; the program is the same everywhere,
// so what was reviewed and applied on dev is exactly what reaches staging and prod.
const config = new pulumi.Config("accounts");
const brand = config.require("brand");
const maxSubscriberNum = config.requireNumber("maxSubscriberNum");

const accounts = [
  { key: "support", id: config.require("supportAccount"), name: `${brand} Support`, introduction: "We answer within a day." },
  { key: "news", id: config.require("newsAccount"), name: `${brand} News`, introduction: "Product news, twice a month." },
];

export const profiles = accounts.map(
  (account) =>
    new OfficialAccountProfile(account.key, {
      officialAccount: account.id,
      name: account.name,
      introduction: account.introduction,
      faceUrl: `https://cdn.example.com/${pulumi.getStack()}/${account.key}.png`,
      organization: "Example Ltd",
      customString: JSON.stringify({ environment: pulumi.getStack() }),
      maxSubscriberNum,
      // Destroying a dev stack puts the accounts back as they were found; prod keeps them as they are.
      deletePolicy: pulumi.getStack() === "dev" ? "restore" : "retain",
    }).officialAccount,
);
