// Read-side SQL for the gateway (and the account writes of its admin CLI).
export * from './timeline/read-timeline';
export * from './search/search-commands';
export * from './sessions/session-summary';
export * from './sessions/list-sessions';
export * from './sessions/get-session';
export * from './accounts/find-caller';
export * from './accounts/manage-accounts';
export * from './share-links/share-links';
