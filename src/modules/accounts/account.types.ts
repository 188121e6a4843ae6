import type { Role } from '../../platform/db/schema.js';

/** A staff account as the rest of the application sees it: never its password hash. */
export interface Account {
  id: number;
  email: string;
  name: string;
  role: Role;
  authorId: number | null;
  disabled: boolean;
}
