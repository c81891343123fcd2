// The API with the supervisor's token. sessionStorage, not localStorage: the token dies with the tab.
const KEY = 'caseflow.token';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/** No token, or one the API refused: the app goes back to sign-in, saying why (a key of strings.js). */
export class SignInNeeded extends Error {
  constructor(key) {
    super(key);
    this.key = key;
  }
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** GET a path; `{ status, body }` for any answer but 401, which forgets the token. */
export async function request(path) {
  const value = token.get();
  if (!value) throw new SignInNeeded('signin.needed');
  const res = await fetch(path, { headers: { authorization: `Bearer ${value}`, accept: 'application/json' } });
  const body = await res.json().catch(() => null);
  if (res.status === 401) {
    token.clear();
    throw new SignInNeeded('signin.refused');
  }
  return { status: res.status, body };
}

/** GET a path that must answer 200. */
export async function get(path) {
  const { status, body } = await request(path);
  if (status !== 200) throw new ApiError(status, body);
  return body;
}

/** A query string of the filters that are set. */
export const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};
