/** What this build of the app can do. */

/** The Node build serves the API (the DNS relay); the static build has no server of ours behind it. */
export const hasServer: boolean = __WIREWALK_HAS_SERVER__;
