import { ADMIN_SECURITY } from './responses';
import type { TagName } from './tags';

/** Each operation states who may call it, with its tag: the admin key, or anyone (`security: []`). */
export const admin = (tag: TagName) => ({ tags: [tag], security: ADMIN_SECURITY });
export const open = (tag: TagName) => ({ tags: [tag], security: [] });
