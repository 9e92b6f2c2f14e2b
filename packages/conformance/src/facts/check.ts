import { keysPath } from "@telnyx-kv/core/protocol";
import type { KvFactsProbe, KvProbeAnswer, KvProbeRequest } from "./probe.js";
import type { KvFactKind, KvFactSection } from "./types.js";

/** What a check found: agreement or not with what it observed, or why it could not tell. */
export type KvFactOutcome = { ok: boolean; observed: string; why?: string } | { skipped: string };

/** When a check runs: before the temporary namespace, inside it, or while it is deleted. */
export type KvFactPhase = "setup" | "account" | "namespace" | "cleanup";

/** What the run knows when a check runs; checks share requests through {@link KvFactContext.once}. */
export interface KvFactContext {
  probe: KvFactsProbe;
  /** Sends `request` the first time `name` is asked for, then answers the same promise. */
  once(name: string, request: KvProbeRequest | (() => Promise<KvProbeAnswer>)): Promise<KvProbeAnswer>;
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
  /** Requests this check adds to the run at most (shared ones are counted once, by the first user). */
  requests: number;
  run(ctx: KvFactContext): Promise<KvFactOutcome>;
}

/** Percent-encodes each `/`-separated part of a key, keeping the raw `/` (as the official Go SDK sends it). */
export function rawSlashKeyPath(namespaceId: string, key: string): string {
  return `${keysPath(namespaceId)}/${key.split("/").map(encodeURIComponent).join("/")}`;
}
