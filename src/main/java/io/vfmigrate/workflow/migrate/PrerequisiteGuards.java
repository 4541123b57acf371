package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.Finding;
import io.vfmigrate.workflow.preflight.Prerequisites;
import java.util.List;

/**
 * The general live-migration prerequisites as guards: each failed finding of {@link Prerequisites}
 * for this migration's direction is a refusal with the finding's id and fix, so what libvirt would
 * refuse halfway is refused before anything changes.
 */
final class PrerequisiteGuards {
  private PrerequisiteGuards() {}

  static List<Refusal> refusals(Fleet fleet, MigrateRequest r, DomainXml xml) {
    return Prerequisites.forMigration(
            fleet.get(r.source()), fleet.get(r.destination()), r.vm(), xml, r.copyStorageAll())
        .stream()
        .filter(Finding::failed)
        .map(f -> new Refusal(f.id(), f.host() + ": " + f.detail(), f.fix()))
        .toList();
  }
}
