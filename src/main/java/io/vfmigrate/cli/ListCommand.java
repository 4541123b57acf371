package io.vfmigrate.cli;

import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.Operations;
import io.vfmigrate.workflow.listing.HostListing;
import io.vfmigrate.workflow.listing.Listing;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vfmigrate list}: VMs and VFs of real hosts or the lab, as vfmigrate sees them. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "Show, per host, its VMs (state, VFs, MACs, an unfinished operation) and the VFs of its"
            + " PF: free, used by a VM, claimed by a run (live or stale) or unprepared, and how"
            + " many VFs of the PF migrate now (of 4).")
final class ListCommand implements Callable<Integer> {
  @ParentCommand VfmigrateCommand root;

  @Mixin HostOptions hostOptions;

  @Option(names = "--host", paramLabel = "NAME", description = "A host (repeatable); default all.")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--json", description = "Print {\"hosts\": [...]} as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CliContext ctx = root.context();
    EventSink events = new HumanRenderer(ctx.out(), hostOptions.verbose, false);
    List<HostListing> listings;
    try (JournalHandle handle = JournalHandle.open(ctx);
        Session session =
            Session.open(ctx, hostOptions.inventory(), json ? EventSink.none() : events)) {
      Journal journal = handle.journal();
      Operations ops = OperationScope.operations(journal);
      Listing listing = new Listing(ops.liveness(), journal.unfinished(), ops::dead);
      List<CompletableFuture<HostListing>> reads = new ArrayList<>();
      for (ManagedHost h : session.fleet().select(hosts)) {
        reads.add(CompletableFuture.supplyAsync(() -> listing.read(h)));
      }
      listings = reads.stream().map(CompletableFuture::join).toList();
    }
    if (json) {
      ctx.out()
          .println(Json.write(Map.of("hosts", listings.stream().map(ListCommand::json).toList())));
    } else {
      listings.forEach(l -> human(ctx.out(), l));
    }
    return listings.stream().anyMatch(l -> l.error().isPresent())
        ? ExitCodes.NEEDS_ATTENTION
        : ExitCodes.OK;
  }

  private static Map<String, Object> json(HostListing l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", l.name());
    m.put("error", l.error().orElse(null));
    List<Map<String, Object>> vms = new ArrayList<>();
    for (HostListing.Vm vm : l.vms()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("name", vm.name());
      v.put("state", vm.state());
      v.put("vfs", vm.vfs());
      v.put("macs", vm.macs());
      v.put("operation", vm.operation().orElse(null));
      vms.add(v);
    }
    m.put("vms", vms);
    List<Map<String, Object>> vfs = new ArrayList<>();
    for (HostListing.Vf vf : l.vfs()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("pci", vf.pci());
      v.put("state", vf.state());
      v.put("vm", vf.vm().orElse(null));
      v.put(
          "claim",
          vf.claim()
              .map(
                  c -> {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("operation", c.operation());
                    x.put("liveness", c.liveness());
                    x.put("path", c.path());
                    x.put("holder", c.holder());
                    return x;
                  })
              .orElse(null));
      v.put("index", vf.index());
      v.put("driver", vf.driver().orElse(null));
      vfs.add(v);
    }
    m.put("vfs", vfs);
    List<Map<String, Object>> pfs = new ArrayList<>();
    for (HostListing.Pf pf : l.pfs()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("pci", pf.pci());
      p.put("migrating_vfs", pf.migratingVfs());
      p.put("stale_slots", pf.staleSlots());
      p.put("cap", pf.cap());
      pfs.add(p);
    }
    m.put("pfs", pfs);
    return m;
  }

  private static void human(PrintWriter out, HostListing l) {
    out.println(l.name());
    if (l.error().isPresent()) {
      out.println("  cannot read it: " + l.error().get());
      return;
    }
    for (HostListing.Pf pf : l.pfs()) {
      out.println(
          "  PF "
              + pf.pci()
              + ": "
              + pf.migratingVfs()
              + " of "
              + pf.cap()
              + " VFs migrating now"
              + (pf.staleSlots() > 0
                  ? ", " + Plural.of(pf.staleSlots(), "stale slot") + " (vfmigrate recover)"
                  : ""));
    }
    out.println("  VMs:" + (l.vms().isEmpty() ? " none" : ""));
    for (HostListing.Vm vm : l.vms()) {
      out.println(
          "    "
              + vm.name()
              + "  "
              + vm.state()
              + "  VFs: "
              + (vm.vfs().isEmpty() ? "-" : String.join(", ", vm.vfs()))
              + "  MACs: "
              + (vm.macs().isEmpty() ? "-" : String.join(", ", vm.macs()))
              + vm.operation().map(o -> "  operation: " + o).orElse(""));
    }
    out.println("  VFs:" + (l.vfs().isEmpty() ? " none" : ""));
    for (HostListing.Vf vf : l.vfs()) {
      out.println(
          "    "
              + vf.pci()
              + "  "
              + vf.state()
              + vf.vm().map(v -> "  " + v).orElse("")
              + vf.claim()
                  .map(c -> "  claimed by " + c.operation() + " (" + c.liveness() + ")")
                  .orElse("")
              + (vf.state().equals("unprepared")
                  ? "  (" + vf.driver().orElse("no driver") + "; vfmigrate prepare)"
                  : ""));
    }
    out.flush();
  }
}
