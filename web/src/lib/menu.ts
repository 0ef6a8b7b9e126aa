/** What the menu offers, from the person's groups (the plan's duties, DOMAIN.md §1). */
export type Workspace = 'queue' | 'report' | 'mine' | 'war-room' | 'changes' | 'audit' | 'admin';

const WORKSPACES_OF_GROUP: Record<string, readonly Workspace[]> = {
  desk: ['queue', 'report', 'war-room'],
  system: ['queue', 'war-room', 'changes'],
  vendor: ['queue', 'changes'],
  devops: ['changes', 'queue'],
  leaders: ['war-room', 'queue', 'audit'],
  reporters: ['report', 'mine'],
  admin: ['queue', 'admin', 'audit'],
};

const ORDER: readonly Workspace[] = [
  'queue',
  'changes',
  'war-room',
  'report',
  'mine',
  'audit',
  'admin',
];

/**
 * @example workspacesOf(['reporters']) // → ['report', 'mine']
 */
export function workspacesOf(groups: readonly string[]): Workspace[] {
  const allowed = new Set(groups.flatMap((group) => WORKSPACES_OF_GROUP[group] ?? []));
  return ORDER.filter((workspace) => allowed.has(workspace));
}

/** Where a person lands after signing in. */
export function homeOf(groups: readonly string[]): Workspace {
  if (groups.includes('leaders')) return 'war-room';
  if (groups.includes('devops')) return 'changes';
  return workspacesOf(groups)[0] ?? 'queue';
}

/**
 * The queue's initial holder filter: the system group and the vendor see what they hold; the
 * desk, devops and leaders see everything open.
 * @example defaultHolderOf(['vendor']) // → 'vendor'
 */
export function defaultHolderOf(groups: readonly string[]): string {
  if (groups.includes('desk') || groups.includes('leaders')) return '';
  if (groups.includes('system')) return 'system';
  if (groups.includes('vendor')) return 'vendor';
  return '';
}

/** Where the router sends a signed-in person: on to the route, or to their home when refused. */
export type WorkspaceDecision = { allowed: true } | { allowed: false; refused: Workspace };

/**
 * A workspace route is open to the groups whose menu offers it; anyone else goes home (with a
 * notice) instead of meeting the API's 403s there. Routes outside a workspace (an incident's page,
 * which the API scopes itself) and the person's home (so nobody is sent round in circles) stay open.
 * @example workspaceDecision('admin', ['reporters']) // → { allowed: false, refused: 'admin' }
 */
export function workspaceDecision(
  workspace: Workspace | undefined,
  groups: readonly string[],
): WorkspaceDecision {
  if (workspace === undefined || workspace === homeOf(groups)) return { allowed: true };
  if (workspacesOf(groups).includes(workspace)) return { allowed: true };
  return { allowed: false, refused: workspace };
}
