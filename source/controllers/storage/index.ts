/** Storage controllers: the PV binder (with the PreBind step), the simulated external provisioner, in-use protection. */
import type { Controller } from '../../engine/controller.js';
import type { Engine } from '../../engine/engine.js';
import { PersistentVolumeBinderController, type PersistentVolumeBinderOptions } from './persistentvolume-binder.js';
import { PvProtectionController, PvcProtectionController } from './protection.js';
import { ExternalProvisionerController, type ProvisionerOptions } from './provisioner.js';

export { PersistentVolumeBinderController, type PersistentVolumeBinderOptions, externalProvisioningMessage } from './persistentvolume-binder.js';
export { PvProtectionController, PvcProtectionController } from './protection.js';
export { ExternalProvisionerController, type ProvisionerOptions } from './provisioner.js';

/** All storage controllers, in the order they should be registered. */
export function storageControllers(engine: Engine, opts: PersistentVolumeBinderOptions & ProvisionerOptions = {}): Controller[] {
  return [
    new PersistentVolumeBinderController(engine, opts),
    new ExternalProvisionerController(engine, opts),
    new PvcProtectionController(engine),
    new PvProtectionController(engine),
  ];
}
