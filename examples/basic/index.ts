import * as pulumi from "@pulumi/pulumi";
import { OfficialAccountProfile } from "pulumi-tencentcloud-chat";

// The account already exists (created in the Chat console or with create_official_account);
// this resource adopts it and keeps its profile as declared here.
const support = new OfficialAccountProfile("support", {
  officialAccount: "@TOA#_support",
  name: "Support",
  introduction: "We answer within a day.",
  faceUrl: "https://cdn.example.com/support.png",
  organization: "Example Ltd",
  customString: JSON.stringify({ tier: "gold" }),
  maxSubscriberNum: 50_000,
});

export const supportName = support.name;
export const subscribers: pulumi.Output<number | undefined> = support.subscriberNum;
