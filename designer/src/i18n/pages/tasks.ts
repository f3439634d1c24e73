/** English texts of the Tasks page (merged into the reference catalogue by ../en.ts). */
export const tasksMessages = {
  'nav.tasks': 'Tasks',
} as const;
