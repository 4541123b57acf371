package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.GuestRequirements;

/**
 * The VM a migration would move.
 *
 * @param vm its name
 * @param domainXml its live domain XML
 * @param needs what it needs from the destination
 * @param copyStorage whether {@code --copy-storage-all} copies its disks to the destination
 */
record GuestFacts(String vm, String domainXml, GuestRequirements needs, boolean copyStorage) {}
