// The portal's IndexedDB: one database, one connection promise, DB_VERSION with stepwise upgrades.
// Keys are client-generated UUIDs, so a draft can begin without a connection.
const DB_NAME = "familienportal";
export const DB_VERSION = 2;

let dbPromise = null;

export function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (event) => {
        const db = request.result;
        // Each step upgrades from the previous version; never change a step once released.
        if (event.oldVersion < 1) {
          const drafts = db.createObjectStore("drafts", { keyPath: "uuid" });
          drafts.createIndex("owner", ["tenant", "account"]);
        }
        if (event.oldVersion < 2) {
          // Photographed pages of proofs, kept (as compressed blobs) until the server confirmed them.
          const pages = db.createObjectStore("pages", { keyPath: "id" });
          pages.createIndex("slot", ["draft", "slot"]);
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => db.close(); // a newer release wants to upgrade: let it
        resolve(db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("IndexedDB upgrade blocked by another tab"));
    }).catch((error) => {
      dbPromise = null;
      throw error;
    });
  }
  return dbPromise;
}

function run(storeName, mode, work) {
  return openDb().then(
    (db) =>
      new Promise((resolve, reject) => {
        const transaction = db.transaction(storeName, mode);
        const store = transaction.objectStore(storeName);
        let result;
        const request = work(store);
        if (request) request.onsuccess = () => (result = request.result);
        transaction.oncomplete = () => resolve(result);
        transaction.onerror = () => reject(transaction.error);
        transaction.onabort = () => reject(transaction.error || new Error("transaction aborted"));
      }),
  );
}

export const getDraft = (uuid) => run("drafts", "readonly", (s) => s.get(uuid));
export const putDraft = (record) => run("drafts", "readwrite", (s) => s.put(record));
export const deleteDraft = (uuid) => run("drafts", "readwrite", (s) => s.delete(uuid));
export const draftsOf = (tenant, account) =>
  run("drafts", "readonly", (s) => s.index("owner").getAll([tenant, String(account)]));

export const getPage = (id) => run("pages", "readonly", (s) => s.get(id));
export const putPage = (page) => run("pages", "readwrite", (s) => s.put(page));
export const deletePage = (id) => run("pages", "readwrite", (s) => s.delete(id));
export const pagesOf = (draft, slot) => run("pages", "readonly", (s) => s.index("slot").getAll([draft, slot]));
export const allPages = () => run("pages", "readonly", (s) => s.getAll());

export function isQuotaError(error) {
  return error && (error.name === "QuotaExceededError" || /quota/i.test(String(error.message)));
}
