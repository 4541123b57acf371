package io.vfmigrate.workflow.prepare;

import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.NeedsAttentionException;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.steps.StepFailedException;
import io.vfmigrate.workflow.steps.StepRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code prepare}: brings a host to the prepared state of the procedure (switchdev, VFs detached
 * and migratable, Open vSwitch with hw-offload and a bridge holding the uplink and representors).
 * Idempotent; a failed step undoes the steps this run applied, in reverse.
 */
public final class Prepare {
  private final StepRunner runner;
  private final ClaimLiveness liveness;

  public Prepare(EventSink events) {
    this(StepRunner.inMemory(events), ClaimLiveness.onThisMachine());
  }

  public Prepare(StepRunner runner) {
    this(runner, ClaimLiveness.onThisMachine());
  }

  /** With claims judged by {@code liveness} (stale or live in a refusal). */
  public Prepare(EventSink events, ClaimLiveness liveness) {
    this(StepRunner.inMemory(events), liveness);
  }

  public Prepare(StepRunner runner, ClaimLiveness liveness) {
    this.runner = runner;
    this.liveness = liveness;
  }

  public PrepareResult run(ManagedHost managed, PrepareOptions options, boolean dryRun) {
    HostTools tools = HostTools.of(managed.name(), managed.host(), managed.pf());
    HostState state = StateReader.read(tools);
    refuseToRecreateUsedVfs(managed, tools, state, options, liveness);
    Plan plan = Planner.plan(state, managed.pf(), options, vfOffset(managed));
    List<PrepareResult.PlannedStep> shown = new ArrayList<>();
    for (Step step : plan.steps()) {
      shown.add(new PrepareResult.PlannedStep(step.description(), step.command()));
    }
    if (!dryRun) {
      apply(managed.name(), tools, plan.steps());
    }
    return new PrepareResult(managed.name(), shown, !dryRun, plan.rebootRequired(), plan.notes());
  }

  private void apply(String host, HostTools tools, List<Step> steps) {
    try {
      runner.applyAll(host, steps, tools);
    } catch (StepFailedException e) {
      throw failure(
          e,
          host,
          "prepare",
          "fix the cause above, then run vfmigrate prepare --host " + host + " again",
          undone(steps, e));
    }
  }

  /** The steps a failed run applied before the one that failed: those its rollback undid. */
  static List<Step> undone(List<Step> steps, StepFailedException e) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) == e.step()) {
        return steps.subList(0, i);
      }
    }
    return List.of();
  }

  /**
   * The error a failed preparation or teardown step ends with: rolled back (exit 4) when every
   * applied step was undone, needs attention (exit 5) when an undo failed too. {@code undone}: the
   * steps the rollback undid, whose {@link Step#undoOutcome()} qualifies "as it was".
   */
  static VfmigrateException failure(
      StepFailedException e, String host, String command, String again, List<Step> undone) {
    VfmigrateException cause = e.failure();
    String what =
        "Step '"
            + e.step().description()
            + "' failed on "
            + host
            + ": "
            + failedCommand(e)
            + "\n  "
            + toolText(cause);
    if (!e.rolledBack()) {
      return new NeedsAttentionException(
          what
              + "\nUndoing the "
              + e.undone()
              + " steps applied before it also failed:\n  "
              + String.join("\n  ", e.undoErrors()),
          "inspect "
              + host
              + " (vfmigrate check --host "
              + host
              + "), fix the cause, then run vfmigrate "
              + command
              + " --host "
              + host
              + " again",
          cause);
    }
    List<Step.UndoOutcome> outcomes =
        undone.stream().flatMap(s -> s.undoOutcome().stream()).toList();
    StringBuilder rolledBack =
        new StringBuilder(what)
            .append("\nUndid the ")
            .append(e.undone())
            .append(" steps applied before it; ")
            .append(host)
            .append(
                outcomes.stream().allMatch(Step.UndoOutcome::exact)
                    ? " is as it was before this run."
                    : "'s settings are as they were before this run.");
    outcomes.forEach(o -> rolledBack.append(' ').append(o.note()));
    return new RolledBackException(
        rolledBack.toString(),
        cause.fix().isBlank()
            ? again
            : cause.fix().replaceFirst("\\.$", "")
                + "; then "
                + again.replaceFirst("^fix the cause(?: above)?, then ", ""),
        cause);
  }

  /**
   * The command that failed: the tool's own when a tool failed (a step may run other commands
   * before its own, e.g. {@code devlink -j port show} to find the port it then sets), else the
   * step's.
   */
  private static String failedCommand(StepFailedException e) {
    if (e.failure() instanceof ToolException te && te.result() != null) {
      return te.result().command().display();
    }
    return e.step().command();
  }

  private static String toolText(VfmigrateException e) {
    if (e instanceof ToolException te && !te.toolMessage().isBlank()) {
      return te.toolMessage().replace("\n", "\n  ");
    }
    return e.getMessage();
  }

  private static void refuseToRecreateUsedVfs(
      ManagedHost managed,
      HostTools tools,
      HostState state,
      PrepareOptions options,
      ClaimLiveness liveness) {
    int desired = options.vfs().orElse(Math.max(1, state.numVfs()));
    if (state.numVfs() == 0 || desired == state.numVfs()) {
      return;
    }
    DomainUsage usage = DomainUsage.of(tools.virsh());
    for (HostState.VfState vf : state.vfs()) {
      Optional<String> user = usage.userOf(vf.pci());
      if (user.isPresent()) {
        throw new NotReadyException(
            "Changing the VF count from "
                + state.numVfs()
                + " to "
                + desired
                + " on "
                + managed.name()
                + " would remove VF "
                + vf.pci()
                + ", which "
                + user.get()
                + " uses.",
            Teardown.freeTheVf(user.get(), managed.name()) + "; or keep --vfs " + state.numVfs());
      }
    }
    ClaimedVfs.refuse(
        managed,
        state,
        liveness,
        "Changing the VF count from " + state.numVfs() + " to " + desired + " on " + managed.name(),
        "or keep --vfs " + state.numVfs());
  }

  /** The SR-IOV "First VF Offset" the kernel exposes, to predict VF addresses in the plan. */
  private static int vfOffset(ManagedHost managed) {
    PciAddress pf = managed.pf();
    try {
      return Integer.parseInt(
          managed.host().readFile("/sys/bus/pci/devices/" + pf + "/sriov_offset").strip());
    } catch (FileAccessException | NumberFormatException e) {
      return 1;
    }
  }
}
