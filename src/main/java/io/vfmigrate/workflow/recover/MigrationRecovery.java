package io.vfmigrate.workflow.recover;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.tools.virsh.JobInfo;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.StepRecord;
import io.vfmigrate.workflow.recover.Recovery.Action;
import io.vfmigrate.workflow.steps.Step;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settles one interrupted migration from what the two hosts show. When the virsh client that drove
 * a migration dies, libvirt acts by phase (qemuMigrationSrcCleanup and the destination's
 * auto-destroy): before the end of Perform the job is cancelled and the source runs on; after
 * Perform the source is left paused and the destination's copy destroyed; after Finish the
 * destination's copy runs and the source's is left paused. Each of these, and a migration that
 * completed, is carried to a consistent state here.
 */
final class MigrationRecovery {
  private final Fleet fleet;
  private final OperationRecord op;
  private final StepRunner runner;
  private final boolean dryRun;
  private final EventSink events;
  private final String vm;
  private final ManagedHost src;
  private final ManagedHost dst;
  private final Virsh srcVirsh;
  private final Virsh dstVirsh;
  private final List<String> done = new ArrayList<>();

  /** Whether this recovery aborted the left-over job (it had stalled). */
  private boolean aborted;

  private final Journal journal;

  MigrationRecovery(
      Fleet fleet,
      Journal journal,
      OperationRecord op,
      StepRunner runner,
      boolean dryRun,
      EventSink events) {
    this.fleet = fleet;
    this.journal = journal;
    this.op = op;
    this.runner = runner;
    this.dryRun = dryRun;
    this.events = events;
    this.vm = op.vm().orElseThrow();
    this.src = fleet.get(op.hosts().get(0));
    this.dst = fleet.get(op.hosts().get(1));
    this.srcVirsh = new Virsh(src.host());
    this.dstVirsh = new Virsh(dst.host());
  }

  /** Settles the migration; {@code releaseClaims} runs once no job of it runs any more. */
  Recovery settle(Runnable releaseClaims) {
    if (!transferStarted()) {
      // Killed in the guards or while claiming: libvirt never heard of this migration, so
      // wherever the VM is, it is not this operation's doing.
      releaseClaims.run();
      removeXmlFiles();
      String seen = describe(srcVirsh.domstate(vm), dstVirsh.domstate(vm));
      return new Recovery(
          op.id(),
          op.kind().label(),
          op.vm(),
          Action.NONE,
          "interrupted before virsh migrate started; " + seen,
          false);
    }
    if (!waitForJob()) {
      if (aborted) {
        return attention(
            "the migration job of "
                + vm
                + " on "
                + src.name()
                + " moved no bytes for "
                + Recover.JOB_STALL.toSeconds()
                + " s and was aborted (virsh domjobabort "
                + vm
                + "), yet it still runs "
                + Recover.ABORT_WAIT.toSeconds()
                + " s later: QEMU's migration threads wait on their connections to "
                + dst.name()
                + "; restore the migration link (or wait for TCP to give up), then run vfmigrate"
                + " recover again (virsh domjobinfo "
                + vm
                + " shows when the job has ended)");
      }
      return attention(
          "a migration job of "
              + vm
              + " still runs on "
              + src.name()
              + " after "
              + Recover.JOB_WAIT.toMinutes()
              + " min; run vfmigrate recover again when it has ended (virsh domjobinfo "
              + vm
              + ")");
    }
    releaseClaims.run();
    removeXmlFiles();
    Optional<String> s = srcVirsh.domstate(vm);
    Optional<String> d = dstVirsh.domstate(vm);
    String seen = describe(s, d);
    Action action;
    if (running(s) && running(d)) {
      return attention(
          seen
              + ": two copies run; vfmigrate destroys neither (decide which to keep, then virsh"
              + " destroy the other)");
    } else if (running(s)) {
      // Undone: the source runs; whatever the destination holds of it is a dead copy.
      if (d.isPresent()) {
        act(dst, new DestroyCopy(vm, "the incoming copy " + vm + " (paused; the source runs)"));
      }
      action = Action.UNDONE;
    } else if (running(d)) {
      if (s.isPresent()) {
        act(
            src,
            new DestroyCopy(
                vm,
                "the left-over source copy of " + vm + " (" + s.get() + "; the destination runs)"));
      }
      action = Action.FINISHED;
    } else if (paused(s) && d.isEmpty()) {
      act(src, new Resume(vm, "libvirt left it paused after the Perform phase"));
      action = Action.UNDONE;
    } else if (paused(d) && s.isEmpty()) {
      act(dst, new Resume(vm, "the source copy is gone"));
      action = Action.FINISHED;
    } else {
      return attention(seen + "; no running copy to keep, decide which copy to resume");
    }
    for (String vf : reprepare(src)) {
      done.add("VF " + vf + " on " + src.name() + " prepared again");
    }
    for (String vf : reprepare(dst)) {
      done.add("VF " + vf + " on " + dst.name() + " prepared again");
    }
    String where = action == Action.FINISHED ? dst.name() : src.name();
    String detail =
        seen
            + "; "
            + (action == Action.FINISHED ? "finished: " : "undone: ")
            + vm
            + " runs on "
            + where
            + (done.isEmpty() ? "" : "; " + (dryRun ? "would: " : "") + String.join("; ", done));
    return new Recovery(op.id(), op.kind().label(), op.vm(), action, detail, false);
  }

  /** Whether the operation got as far as starting {@code virsh migrate}. */
  private boolean transferStarted() {
    return journal.steps(op.id()).stream()
        .anyMatch(step -> step.command().startsWith("virsh migrate "));
  }

  /** The rewritten domain XML the interrupted transfer left on the source. */
  private void removeXmlFiles() {
    for (StepRecord step : journal.steps(op.id())) {
      Arguments.value(step.command(), "--xml")
          .filter(path -> path.startsWith("/tmp/vfmigrate-migrate-"))
          .filter(path -> src.host().exists(path))
          .ifPresent(
              path -> {
                done.add("removed " + path + " on " + src.name());
                if (!dryRun) {
                  src.host().deleteFile(path);
                }
              });
    }
  }

  private List<String> reprepare(ManagedHost host) {
    return Recover.reprepareFreeVfs(host, dryRun);
  }

  /**
   * Waits (on the host's clock) while a job still runs: a p2p migration finishes by itself. One
   * that moves no bytes for {@link Recover#JOB_STALL} is aborted (it would leave the VM paused or
   * hold the domain for as long as it hangs), and then waited for: an aborted migration leaves the
   * VM running on the source, which the settlement keeps. A job whose statistics show no bytes at
   * all cannot be told stalled, and is only waited for.
   */
  private boolean waitForJob() {
    Duration waited = Duration.ZERO;
    Duration still = Duration.ZERO;
    Duration abortedAt = Duration.ZERO;
    Optional<Long> moved = Optional.empty();
    for (Optional<JobInfo> job = srcVirsh.activeJob(vm);
        job.isPresent();
        job = srcVirsh.activeJob(vm)) {
      if (dryRun
          || waited.compareTo(Recover.JOB_WAIT) >= 0
          || (aborted && waited.minus(abortedAt).compareTo(Recover.ABORT_WAIT) >= 0)) {
        return false;
      }
      Optional<Long> now = bytesMoved(job.get());
      if (now.isPresent() && now.equals(moved)) {
        still = still.plusSeconds(1);
      } else {
        still = Duration.ZERO;
        moved = now;
      }
      if (!aborted && now.isPresent() && still.compareTo(Recover.JOB_STALL) >= 0) {
        aborted = true;
        abortedAt = waited;
        act(src, abortJob(vm, Recover.JOB_STALL));
      }
      src.host().clock().sleep(Duration.ofSeconds(1));
      waited = waited.plusSeconds(1);
    }
    return true;
  }

  /** The bytes a job has moved, as libvirt counts them; empty when it does not say. */
  private static Optional<Long> bytesMoved(JobInfo job) {
    return job.dataProcessed().or(job::memoryProcessed).map(ByteSize::bytes);
  }

  private void act(ManagedHost host, Step<Virsh> step) {
    done.add(step.description());
    if (!dryRun) {
      runner.forward(host.name(), step, new Virsh(host.host()));
    }
  }

  private Recovery attention(String detail) {
    return new Recovery(op.id(), op.kind().label(), op.vm(), Action.NONE, detail, true);
  }

  private String describe(Optional<String> s, Optional<String> d) {
    return vm
        + " is "
        + s.orElse("not defined")
        + " on "
        + src.name()
        + " and "
        + d.orElse("not defined")
        + " on "
        + dst.name();
  }

  private static boolean running(Optional<String> state) {
    return state.map("running"::equals).orElse(false);
  }

  private static boolean paused(Optional<String> state) {
    return state.map("paused"::equals).orElse(false);
  }

  /** Destroys (and undefines) a copy of the VM that does not run while another copy does. */
  record DestroyCopy(String vm, String what) implements Step<Virsh> {
    @Override
    public String description() {
      return "destroy " + what;
    }

    @Override
    public String command() {
      return "virsh destroy " + vm + "; virsh undefine " + vm;
    }

    @Override
    public void apply(Virsh virsh) {
      Optional<String> state = virsh.domstate(vm);
      if (state.isPresent() && !"shut off".equals(state.get())) {
        virsh.destroy(vm);
      }
      if (virsh.domstate(vm).isPresent()) {
        virsh.undefine(vm);
      }
    }

    @Override
    public void undo(Virsh virsh) {
      // A destroyed copy that another copy replaced is not brought back.
    }
  }

  /** Aborts a left-over migration job that moves no bytes any more. */
  static Step<Virsh> abortJob(String vm, Duration stalled) {
    return Step.forwardOnly(
        "abort the migration job of "
            + vm
            + " (it moved no bytes for "
            + stalled.toSeconds()
            + " s)",
        "virsh domjobabort " + vm,
        // False when the job ended meanwhile: nothing left to abort.
        virsh -> virsh.domjobabort(vm));
  }

  /** Resumes the only copy of the VM, which libvirt left paused. */
  record Resume(String vm, String why) implements Step<Virsh> {
    @Override
    public String description() {
      return "resume " + vm + " (" + why + ")";
    }

    @Override
    public String command() {
      return "virsh resume " + vm;
    }

    @Override
    public void apply(Virsh virsh) {
      virsh.resume(vm);
    }

    @Override
    public void undo(Virsh virsh) {
      // Pausing it again would help nobody.
    }
  }
}
