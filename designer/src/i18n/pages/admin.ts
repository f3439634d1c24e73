/** English texts of the Admin page (merged into the reference catalogue by ../en.ts). */
export const adminMessages = {
  'nav.admin': 'Admin',
} as const;
