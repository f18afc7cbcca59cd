/**
 * What the repository's git history says, read by the extract stage with the real `git`
 * (never a library re-implementing it). These are facts about commits, not per-file facts,
 * so they travel beside the Fact list: the score stage turns them into signals (authors,
 * commit rates, change coupling, release cadence). Times are Unix seconds; nothing here
 * depends on the clock of the machine that ran the analysis.
 */
export interface GitCommit {
  hash: string;
  /** Committer time (Unix seconds): the time the commit entered the history. */
  time: number;
  /** Author name as git reports it (after .mailmap). */
  author: string;
  /** Author e-mail, lower-cased: the identity authors are counted by. Never shown in reports. */
  email: string;
  /** Files the commit changed, relative to the analyzed root, `/`-separated. Merge commits are not read. */
  files: string[];
}

export interface GitTag {
  name: string;
  /** Creation time of an annotated tag, else the tagged commit's time (Unix seconds). */
  time: number;
}

export interface GitHistory {
  /** The commit HEAD points at. */
  head: string;
  /** HEAD's committer time: "now" for every time window, so results do not depend on the clock. */
  headTime: number;
  /** Non-merge commits that changed files under the analyzed root, newest first, at most `limit`. */
  commits: GitCommit[];
  /** More commits exist than were read. */
  bounded: boolean;
  limit: number;
  /** The clone is shallow: older history is missing. */
  shallow: boolean;
  /** Tags of the repository, newest first (bounded like the commits). */
  tags: GitTag[];
}
