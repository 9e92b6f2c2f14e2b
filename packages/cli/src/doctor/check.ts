import { keysPath } from "@telnyx-kv/core/protocol";
import type { KvFactsProbe, KvProbeAnswer } from "./probe.js";
import type { KvFactKind, KvFactSection } from "./types.js";

/** What a check found: agreement or not with what it observed, or why it could not tell. */
export type KvFactOutcome = { ok: boolean; observed: string; why?: string } | { skipped: string };

/** When a check runs: with the setup answer, before the temporary namespace, inside it, or while it is deleted. */
export type KvFactPhase = "setup" | "account" | "namespace" | "cleanup";

/**
 * A request (or a few) whose result several checks read: the runner runs it once, before the first check
 * that needs it, and counts its requests once. Checks and steps name it in `needs` by reference.
 */
export interface KvFactStep<T = KvProbeAnswer> {
  /** What it does, in a few words (for error messages). */
  readonly what: string;
  /** Requests it sends at most (its own; each step it needs counts its own). */
  readonly requests: number;
  /** Steps it reads with `ctx.read`, run before it. @default [] */
  readonly needs?: readonly KvFactStep<unknown>[];
  run(ctx: KvFactContext): Promise<T>;
}

/** Declares a step (an identity that lets TypeScript infer its result type). */
export function factStep<T>(step: KvFactStep<T>): KvFactStep<T> {
  return step;
}

/** What the run knows when a check runs: set by the run's own phases (setup, the namespace, its deletion). */
export interface KvFactContext {
  probe: KvFactsProbe;
  /** The result of a step this check or step declared in `needs`; reading an undeclared step throws. */
  read<T>(step: KvFactStep<T>): T;
  /** Marks a namespace a check created by accident (a create that should have been refused) for deletion. */
  adopt(answer: KvProbeAnswer): void;
  /** The temporary namespace's id (set before "namespace" checks run). */
  namespaceId: string;
  /** Its name. */
  namespaceName: string;
  /** The base URL as given (secrets removed). */
  givenBaseUrl: string;
  /** The normalised base URL the requests go to (secrets removed). */
  baseUrl: string;
  /** The authenticated `GET storage/kvs?page[size]=1` of the setup, or the error it failed with. */
  setup?: KvProbeAnswer;
  setupError?: unknown;
  /** The namespace's create answer. */
  created?: KvProbeAnswer;
  /** How waiting for `provision_ok` went. */
  provisioning?: { answer: KvProbeAnswer | undefined; polls: number; ms: number };
  /** The first key request after the create answer, sent before any poll. */
  keyWhilePending?: KvProbeAnswer;
  /** The namespace's delete answer, the second delete, a key read after it and the wait for 404. */
  deletion?: {
    first?: KvProbeAnswer;
    again?: KvProbeAnswer;
    keyRead?: KvProbeAnswer;
    gone?: { polls: number; ms: number; status: number | undefined };
    interrupted: boolean;
  };
}

/** One fact check: the API-FACTS row it settles, whether it is [doc] or [choice], and how it looks. */
export interface KvFactCheck {
  id: string;
  section: KvFactSection;
  /** The API-FACTS row, in short. */
  fact: string;
  kind: KvFactKind;
  /** What API-FACTS says (and the emulator answers). */
  expected: string;
  phase: KvFactPhase;
  /** A difference is reported but does not fail the run ([choice] rows always are). @default false */
  advisory?: boolean;
  /** Requests this check sends itself at most; those of its `needs` are counted once, by the step. */
  requests: number;
  /** The steps whose results it reads, run before it. @default [] */
  needs?: readonly KvFactStep<unknown>[];
  run(ctx: KvFactContext): Promise<KvFactOutcome>;
}

/** Percent-encodes each `/`-separated part of a key, keeping the raw `/` (as the official Go SDK sends it). */
export function rawSlashKeyPath(namespaceId: string, key: string): string {
  return `${keysPath(namespaceId)}/${key.split("/").map(encodeURIComponent).join("/")}`;
}
