import type { Role } from '../../shared/domain/model';

/**
 * A member of the demo Case Management Team. `password` is a demo-only password, printed by the
 * case service in demo mode: it protects nothing and must never be reused for a real workspace.
 */
export interface DemoUser {
  id: string;
  username: string;
  /** The name the team sees, like a person's `name` elsewhere in the domain. */
  name: string;
  role: Role;
  password: string;
}

/** The demo team: three case managers, a reviewer and a team lead from several cultures. */
export const demoUsers: readonly DemoUser[] = [
  { id: 'u-cm-1', username: 'lina', name: 'Li Na (李娜)', role: 'case_manager', password: 'demo-lina' },
  { id: 'u-cm-2', username: 'mateo', name: 'Mateo Fernández', role: 'case_manager', password: 'demo-mateo' },
  { id: 'u-cm-3', username: 'amara', name: 'Amara Okafor', role: 'case_manager', password: 'demo-amara' },
  { id: 'u-rv-1', username: 'sofia', name: 'Sofia Almeida', role: 'reviewer', password: 'demo-sofia' },
  { id: 'u-tl-1', username: 'dmitri', name: 'Dmitri Volkov', role: 'team_lead', password: 'demo-dmitri' },
];

/** The ids of the demo case managers: generated disputes are assigned to and ruled by them. */
export const caseManagerIds: readonly string[] = demoUsers.filter((user) => user.role === 'case_manager').map((user) => user.id);
