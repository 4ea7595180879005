/** Where a conversion happened, in Pinterest's words (`action_source`). */
export type ActionSource = 'web' | 'app_android' | 'app_ios' | 'offline';
export const ACTION_SOURCES: readonly ActionSource[] = ['web', 'app_android', 'app_ios', 'offline'];
