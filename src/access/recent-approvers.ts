import type { Role } from '../domain/role';

/**
 * The Teams ids (MRIs) of the approvers the bot has seen lately, most recent first, at most `limit`
 * (Teams refreshes a card automatically for at most 60 listed users). Someone seen without the
 * approver role is dropped at once. Kept in memory: after a restart it fills again as approvers
 * write or click; until then cards still refresh by hand.
 */
export class RecentApprovers {
  private readonly ids: string[] = [];

  constructor(private readonly limit = 60) {}

  /** One turn's access decision: who asked and with which roles. */
  seen(teamsId: string, roles: readonly Role[]): void {
    const at = this.ids.indexOf(teamsId);
    if (at >= 0) this.ids.splice(at, 1);
    if (!roles.includes('approver')) return;
    this.ids.unshift(teamsId);
    if (this.ids.length > this.limit) this.ids.length = this.limit;
  }

  list(): readonly string[] {
    return [...this.ids];
  }
}
