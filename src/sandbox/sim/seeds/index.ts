import type { SeedRequest } from '../control/schemas';
import type { SimIdentity } from '../identity';
import { OrgModel } from '../model/org-model';
import { buildDemoSeed } from './demo';
import { buildScaleSeed } from './scale';

export function emptyModel(identity: SimIdentity): OrgModel {
  return new OrgModel({
    orgId: identity.org.id,
    claimedDomains: identity.org.claimedDomains,
    directories: identity.directories.map((d) => ({ id: d.id, name: d.name })),
  });
}

/** Builds a fresh model for a seed; directories and claimed domains always come from identity. */
export function buildSeed(seed: SeedRequest, identity: SimIdentity): OrgModel {
  const model = emptyModel(identity);
  switch (seed.seed) {
    case 'empty':
      return model;
    case 'demo':
      buildDemoSeed(model);
      return model;
    case 'scale':
      buildScaleSeed(model, {
        accounts: seed.accounts ?? 100_000,
        inactiveFraction: seed.inactiveFraction ?? 0.02,
      });
      return model;
  }
}
