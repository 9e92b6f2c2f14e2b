/** Wire shapes of the Telnyx KV REST API (see docs/API-FACTS.md); field names as the server sends them. */

/** Lifecycle of a namespace; `deleted` is never seen on the wire (a deleted namespace answers 404). */
export type KvNamespaceStatus =
  | "pending"
  | "provision_ok"
  | "provision_failed"
  | "deleting"
  | "delete_failed"
  | "deleted";

/** A namespace as `POST/GET/DELETE /storage/kvs[/{id}]` return it. */
export interface KvNamespaceRecord {
  record_type: "storage_kv";
  id: string;
  name: string;
  status: KvNamespaceStatus;
  created_at: string;
  updated_at: string;
}

/** Body of `POST /storage/kvs`. */
export interface KvCreateNamespaceBody {
  name: string;
}

/** Response of `POST /storage/kvs`, `GET /storage/kvs/{id}` and `DELETE /storage/kvs/{id}`. */
export interface KvNamespaceEnvelope {
  data: KvNamespaceRecord;
}

/** Page-number metadata of `GET /storage/kvs`. */
export interface KvPageMeta {
  page_number: number;
  page_size: number;
  total_pages: number;
  total_results: number;
}

/** Response of `GET /storage/kvs?page[number]=&page[size]=`. */
export interface KvNamespaceListEnvelope {
  data: KvNamespaceRecord[];
  meta: KvPageMeta;
}

/** One key as `GET /storage/kvs/{id}/keys` lists it (values are never listed). */
export interface KvKeyRecord {
  key: string;
  size_bytes: number;
  updated_at: string;
}

/** Response of `GET /storage/kvs/{id}/keys?prefix=&cursor=&limit=`; `cursor` is omitted on the last page. */
export interface KvKeyListEnvelope {
  record_type: "storage_kv_key";
  data: KvKeyRecord[];
  meta: {
    has_more: boolean;
    cursor?: string;
  };
}
