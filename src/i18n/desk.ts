/** Strings of the desk pages: the supervisor's workspace and the administrator's pages. */
export const deskZh = {
  deskNavigation: '导航',
} as const;

export const deskEn: Record<keyof typeof deskZh, string> = {
  deskNavigation: 'Navigation',
};
