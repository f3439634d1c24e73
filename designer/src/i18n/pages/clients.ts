/** English texts of the Clients page (merged into the reference catalogue by ../en.ts). */
export const clientsMessages = {
  'nav.clients': 'Clients',
} as const;
