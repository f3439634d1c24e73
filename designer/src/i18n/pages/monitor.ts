/** English texts of the Monitor page (merged into the reference catalogue by ../en.ts). */
export const monitorMessages = {
  'nav.monitor': 'Monitor',
} as const;
