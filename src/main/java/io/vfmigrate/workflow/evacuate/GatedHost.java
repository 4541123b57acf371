package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.ForwardingHost;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.RunningCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A host whose waits (a sleep of its clock, a wait on a running command) go through a {@link
 * TimeGate}: for the evacuation's threads on a simulated clock. Everything else passes through.
 */
final class GatedHost extends ForwardingHost {
  private final TimeGate gate;
  private final HostClock clock;

  GatedHost(Host delegate, TimeGate gate) {
    super(delegate);
    this.gate = gate;
    this.clock = new GatedClock(delegate.clock(), gate);
  }

  /** The fleet with every host gated. */
  static Fleet gate(Fleet fleet, TimeGate gate) {
    return new Fleet(
        fleet.all().stream()
            .map(h -> new ManagedHost(h.entry(), new GatedHost(h.host(), gate)))
            .toList());
  }

  private record GatedClock(HostClock delegate, TimeGate gate) implements HostClock {
    @Override
    public Instant now() {
      return delegate.now();
    }

    @Override
    public void sleep(Duration duration) {
      long until = delegate.now().toEpochMilli() + duration.toMillis();
      gate.await(until, () -> false, () -> delegate.now().toEpochMilli(), delegate::sleep);
    }

    @Override
    public boolean simulated() {
      return delegate.simulated();
    }
  }

  private record GatedCommand(RunningCommand delegate, HostClock clock, TimeGate gate)
      implements RunningCommand {
    @Override
    public Command command() {
      return delegate.command();
    }

    @Override
    public Optional<CommandResult> poll() {
      return delegate.poll();
    }

    @Override
    public Optional<CommandResult> waitFor(Duration timeout) {
      Optional<CommandResult> done = delegate.poll();
      if (done.isPresent()) {
        return done;
      }
      long until = clock.now().toEpochMilli() + timeout.toMillis();
      gate.await(
          until,
          () -> delegate.poll().isPresent(),
          () -> clock.now().toEpochMilli(),
          step -> delegate.waitFor(step));
      return delegate.poll();
    }

    @Override
    public void kill() {
      delegate.kill();
    }

    @Override
    public String stderrSoFar() {
      return delegate.stderrSoFar();
    }
  }

  @Override
  public RunningCommand start(Command command) {
    return new GatedCommand(delegate.start(command), delegate.clock(), gate);
  }

  @Override
  public HostClock clock() {
    return clock;
  }
}
