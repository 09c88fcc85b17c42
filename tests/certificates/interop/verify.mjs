// Verify one of our credentials with Digital Bazaar's implementation
// (@digitalbazaar/vc, data-integrity, eddsa-rdfc-2022-cryptosuite,
// vc-bitstring-status-list), independent of our Python signer.
//
//   node verify.mjs <bundle.json>...
//
// The bundle holds the credential, our DID document, the status list
// credentials by URL and the pinned contexts by URL (paths to the files). The
// document loader serves only those: nothing is fetched from the network.
// Prints one line per bundle: {"verified": bool, "revoked": bool|null,
// "error": string|null, "loaded": [the URLs the loader was asked for]}.
import {readFile} from 'node:fs/promises';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

for(const path of process.argv.slice(2)) {
  console.log(JSON.stringify(await verifyBundle(path)));
}

async function verifyBundle(path) {
  const bundle = JSON.parse(await readFile(path, 'utf8'));
  const documents = new Map();
  for(const [url, file] of Object.entries(bundle.contexts)) {
    documents.set(url, JSON.parse(await readFile(file, 'utf8')));
  }
  for(const [url, document] of Object.entries(bundle.statusLists || {})) {
    documents.set(url, document);
  }
  const loaded = [];
  async function documentLoader(url) {
    loaded.push(url);
    const document = resolveDid(bundle.didDocument, url) || documents.get(url);
    if(!document) {
      throw new Error(
        `refused to load ${url}: not pinned, and nothing is fetched`);
    }
    return {
      contextUrl: null, documentUrl: url, document: structuredClone(document)
    };
  }
  const result = await vc.verifyCredential({
    credential: bundle.credential, suite, documentLoader, checkStatus
  });
  const statuses = result.statusResult && result.statusResult.results;
  const error = result.error &&
    (result.error.errors || [result.error]).map(e => e.message).join('; ');
  return {
    verified: result.verified,
    revoked: statuses ? statuses.some(({status}) => status === true) : null,
    error: error || null,
    loaded
  };
}

// A local DID resolver: did:web would fetch
// https://<host>/.well-known/did.json, which a test site on http://127.0.0.1
// cannot serve, so our DID document is handed in with the bundle.
function resolveDid(didDocument, url) {
  const [did] = url.split('#');
  if(did !== didDocument.id) {
    return null;
  }
  if(url === did) {
    return didDocument;
  }
  const method = didDocument.verificationMethod.find(({id}) => id === url);
  return method && {'@context': didDocument['@context'], ...method};
}
