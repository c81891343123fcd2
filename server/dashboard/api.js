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

/** GET (or, with a body, POST) a path; `{ status, body }` for any answer but 401, which forgets the token. */
export async function request(path, payload) {
  const value = token.get();
  if (!value) throw new SignInNeeded('signin.needed');
  const headers = { authorization: `Bearer ${value}`, accept: 'application/json' };
  const init = payload === undefined ? { headers } : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) };
  const res = await fetch(path, init);
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

/** POST a body to a path that must answer 200; any refusal (400, 403, 409…) is an ApiError carrying the API's message. */
export async function post(path, body) {
  const { status, body: answer } = await request(path, body);
  if (status !== 200) throw new ApiError(status, answer);
  return answer;
}

// Who the token is (GET /me), asked once per token: the pages offer only the actions the API would take from it.
let asked = null;
export function whoAmI() {
  const value = token.get();
  if (asked?.value !== value) {
    const answer = get('/me');
    asked = { value, answer };
    answer.catch(() => { if (asked?.answer === answer) asked = null; }); // a failed answer is asked again next time
  }
  return asked.answer;
}

/** A query string of the filters that are set. */
export const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};
