package io.vfmigrate.workflow.migrate;

import static io.vfmigrate.testing.MigrationFixture.asking;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationStart;
import io.vfmigrate.workflow.steps.StepRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What a dry run's prediction is made of: the VM's RAM from its XML, the dirty rate libvirt
 * measures, the PF's link speed, the VFs' device state (the journal's last migration, else a
 * ConnectX-7 VF's), switchover-ack and multifd as they will be used. Each test states the inputs
 * the lab scenario implies and expects the prediction of exactly those.
 */
class ForecastTest {
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");

  private static PredictedTimes dryRun(Lab lab, StepRunner runner) {
    MigrationResult r =
        new Migrate(TestLab.fleet(lab, EventSink.none()), new Cancellation(), runner)
            .run(asking().dryRun(true).verify(false).build());
    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.PLANNED);
    return r.tuning().prediction().orElseThrow();
  }

  private static PredictedTimes dryRun(Lab lab) {
    return dryRun(lab, StepRunner.inMemory(EventSink.none()));
  }

  private static Lab lab(Consumer<LabSpec> scenario) {
    return MigrationFixture.ready(
        s -> {
          s.link.bandwidth = "25Gbit/s";
          s.hosts.get("src").vms.get(0).memory = "4GiB";
          s.hosts.get("src").vms.get(0).dirtyRate = "100MiB/s";
          scenario.accept(s);
        });
  }

  private static PredictedTimes expected(
      long ram, List<Prediction.Device> devices, boolean ack, boolean deviceState, String basis) {
    return Prediction.predict(
        new Prediction.Inputs(
            ram,
            OptionalLong.of(100 * MIB),
            3_125_000_000L,
            devices,
            ack,
            Multifd.CHANNELS_WITH_VF,
            deviceState,
            300,
            500),
        basis);
  }

  @Test
  void aDryRunPredictsFromTheMeasuredDirtyRateThePfSpeedAndAConnectX7Vf() {
    PredictedTimes p = dryRun(lab(s -> {}));

    assertThat(p)
        .isEqualTo(
            expected(
                4 * GIB,
                List.of(Prediction.Device.connectX7()),
                true,
                false,
                "dirty rate 100 MiB/s measured; link 25 Gbit/s from the PF's speed; device state"
                    + " of a ConnectX-7 VF (300 MB)"));
  }

  @Test
  void aQemuThatCannotTellItsCapabilitiesGetsNeitherSwitchoverAckNorMultifd() {
    Lab lab = lab(s -> {});
    FaultSpec fault = new FaultSpec();
    fault.command = "virsh qemu-monitor-command vm1 " + Virsh.QUERY_MIGRATE_CAPABILITIES;
    fault.stderr = "error: Timed out during operation: cannot acquire state change lock\n";
    fault.times = 100;
    lab.hostSpec("src").faults.add(fault);

    PredictedTimes p = dryRun(lab);

    assertThat(p)
        .isEqualTo(
            Prediction.predict(
                new Prediction.Inputs(
                    4 * GIB,
                    OptionalLong.of(100 * MIB),
                    3_125_000_000L,
                    List.of(Prediction.Device.connectX7()),
                    false,
                    0,
                    false,
                    300,
                    500),
                "dirty rate 100 MiB/s measured; link 25 Gbit/s from the PF's speed; device state"
                    + " of a ConnectX-7 VF (300 MB)"));
  }

  @Test
  void qemu10OnBothSidesSendsTheVfStateOverMultifd() {
    PredictedTimes p =
        dryRun(
            lab(
                s -> {
                  for (HostSpec h : s.hosts.values()) {
                    h.packages.put("qemu-kvm", "10.0.0");
                  }
                }));

    assertThat(p)
        .isEqualTo(
            expected(
                4 * GIB,
                List.of(Prediction.Device.connectX7()),
                true,
                true,
                "dirty rate 100 MiB/s measured; link 25 Gbit/s from the PF's speed; device state"
                    + " of a ConnectX-7 VF (300 MB)"));
  }

  @Test
  void theLastCompletedMigrationInTheJournalGivesTheVfState() {
    InMemoryJournal journal = new InMemoryJournal();
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    migration(journal, t, Optional.of(660_000_000L));
    // A later one that sent no device state, and a later attach: neither tells the VF's state.
    migration(journal, t.plusSeconds(60), Optional.of(0L));
    String attach =
        journal.begin(
            new OperationStart(
                OperationKind.ATTACH,
                Optional.of("vm1"),
                List.of("src"),
                t.plusSeconds(90),
                "m",
                1,
                "",
                Optional.empty()));
    journal.end(
        attach,
        new OperationEnd(
            "attached",
            t.plusSeconds(91),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(990_000_000L),
            ""));
    String now =
        journal.begin(
            new OperationStart(
                OperationKind.MIGRATE,
                Optional.of("vm1"),
                List.of("src", "dst"),
                t.plusSeconds(120),
                "m",
                1,
                "",
                Optional.empty()));

    PredictedTimes p =
        dryRun(lab(s -> {}), new StepRunner(journal, now, EventSink.none(), Clock.systemUTC()));

    assertThat(p)
        .isEqualTo(
            expected(
                4 * GIB,
                List.of(Prediction.Device.measured(660_000_000L)),
                true,
                false,
                "dirty rate 100 MiB/s measured; link 25 Gbit/s from the PF's speed; device state"
                    + " from the last migration; the last migration between src and dst took 5000"
                    + " ms (downtime 400 ms)"));
  }

  @Test
  void onlyACompletedMigrationBetweenTheSameHostsIsToldBesideThePrediction() {
    InMemoryJournal journal = new InMemoryJournal();
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    ended(journal, begun(journal, t, "src", "other"), "migrated", 9000L, 900L);
    ended(journal, begun(journal, t.plusSeconds(10), "dst", "src"), "migrated", 1523L, 111L);
    ended(journal, begun(journal, t.plusSeconds(20), "src", "dst"), "rolled-back", 3000L, 0L);
    String now = begun(journal, t.plusSeconds(120), "src", "dst");

    PredictedTimes p =
        dryRun(lab(s -> {}), new StepRunner(journal, now, EventSink.none(), Clock.systemUTC()));

    // The way back counts (the same pair); the rolled-back one and the other pair do not.
    assertThat(p.basis())
        .endsWith("; the last migration between dst and src took 1523 ms (downtime 111 ms)");
  }

  @Test
  void pastMigrationsBetweenTheSameHostsCalibrateThePrediction() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    InMemoryJournal fresh = new InMemoryJournal();
    PredictedTimes model =
        dryRun(
            lab(s -> {}),
            new StepRunner(
                fresh,
                begun(fresh, t.plusSeconds(120), "src", "dst"),
                EventSink.none(),
                Clock.systemUTC()));
    InMemoryJournal journal = new InMemoryJournal();
    // Oldest first: the oldest of four is past the last three; another pair, a rollback and a
    // migration journaled without the model's figures (an older vfmigrate) do not count.
    predicted(journal, begun(journal, t, "src", "dst"), 100, 10, 9100, 910);
    predicted(journal, begun(journal, t.plusSeconds(1), "src", "dst"), 200, 5, 1500, 45);
    predicted(journal, begun(journal, t.plusSeconds(2), "dst", "src"), 300, 5, 1400, 25);
    predicted(journal, begun(journal, t.plusSeconds(3), "src", "other"), 300, 5, 9000, 900);
    ended(journal, begun(journal, t.plusSeconds(4), "src", "dst"), "rolled-back", 3000L, 0L);
    predicted(journal, begun(journal, t.plusSeconds(5), "src", "dst"), 100, 5, 1600, 35);
    ended(journal, begun(journal, t.plusSeconds(6), "dst", "src"), "migrated", 7000L, 700L);
    String now = begun(journal, t.plusSeconds(120), "src", "dst");

    PredictedTimes p =
        dryRun(lab(s -> {}), new StepRunner(journal, now, EventSink.none(), Clock.systemUTC()));

    // The model missed +1500, +1100 and +1300 ms of total time (median 1300), +30, +20 and +40
    // ms of downtime (median 30); the range reaches a fifth of the median past the extremes.
    assertThat(p.totalMs()).isEqualTo(model.totalMs() + 1300);
    assertThat(p.totalLowMs()).isEqualTo(model.totalLowMs() + 1100 - 260);
    assertThat(p.totalHighMs()).isEqualTo(model.totalHighMs() + 1500 + 260);
    assertThat(p.downtimeMs()).isEqualTo(model.downtimeMs() + 30);
    assertThat(p.downtimeLowMs()).isEqualTo(model.downtimeLowMs() + 20 - 6);
    assertThat(p.downtimeHighMs()).isEqualTo(model.downtimeHighMs() + 40 + 6);
    assertThat(p.modelTotalMs()).isEqualTo(model.totalMs());
    assertThat(p.modelDowntimeMs()).isEqualTo(model.downtimeMs());
    assertThat(p.basis())
        .isEqualTo(
            model.basis()
                + "; calibrated on the last 3 migrations (median) between src and dst: the model"
                + " was 1300 ms short of their total time and 30 ms short of their downtime");
  }

  /** Ends {@code id} as migrated, with the model's prediction for it journaled. */
  private static void predicted(
      InMemoryJournal journal,
      String id,
      long modelTotalMs,
      long modelDowntimeMs,
      long totalMs,
      long downtimeMs) {
    journal.predicted(
        id,
        new io.vfmigrate.workflow.journal.PredictionRecord(
            modelTotalMs,
            modelTotalMs,
            modelTotalMs,
            modelDowntimeMs,
            modelDowntimeMs,
            modelDowntimeMs,
            true,
            "",
            Optional.of(
                new io.vfmigrate.workflow.journal.PredictionRecord.Model(
                    modelTotalMs, modelDowntimeMs))));
    ended(journal, id, "migrated", totalMs, downtimeMs);
  }

  /** A migration of vm1 from {@code from} to {@code to}, begun at {@code at}. */
  private static String begun(InMemoryJournal journal, Instant at, String from, String to) {
    return journal.begin(
        new OperationStart(
            OperationKind.MIGRATE,
            Optional.of("vm1"),
            List.of(from, to),
            at,
            "m",
            1,
            "",
            Optional.empty()));
  }

  /** Ends {@code id} with {@code outcome}, its total time and downtime. */
  private static void ended(
      InMemoryJournal journal, String id, String outcome, long totalMs, long downtimeMs) {
    journal.end(
        id,
        new OperationEnd(
            outcome,
            Instant.parse("2026-12-01T11:00:00Z"),
            Optional.of(totalMs),
            Optional.of(downtimeMs),
            Optional.empty(),
            Optional.empty(),
            ""));
  }

  private static void migration(InMemoryJournal journal, Instant at, Optional<Long> device) {
    String id =
        journal.begin(
            new OperationStart(
                OperationKind.MIGRATE,
                Optional.of("vm1"),
                List.of("src", "dst"),
                at,
                "m",
                1,
                "",
                Optional.empty()));
    journal.end(
        id,
        new OperationEnd(
            "migrated",
            at.plusSeconds(5),
            Optional.of(5000L),
            Optional.of(400L),
            Optional.of(4 * GIB),
            device,
            ""));
  }

  @Test
  void twoVfsShareTheLastMigrationsDeviceState() {
    Lab lab =
        MigrationFixture.prepared(
            s -> {
              s.link.bandwidth = "25Gbit/s";
              s.hosts.get("src").vms.get(0).memory = "4GiB";
              s.hosts.get("src").vms.get(0).dirtyRate = "100MiB/s";
            },
            OptionalInt.of(2),
            true);
    MigrationFixture.attach(lab, "vm1", 2);
    InMemoryJournal journal = new InMemoryJournal();
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    migration(journal, t, Optional.of(1_320_000_000L));
    String now =
        journal.begin(
            new OperationStart(
                OperationKind.MIGRATE,
                Optional.of("vm1"),
                List.of("src", "dst"),
                t.plusSeconds(120),
                "m",
                1,
                "",
                Optional.empty()));

    PredictedTimes p =
        dryRun(lab, new StepRunner(journal, now, EventSink.none(), Clock.systemUTC()));

    Prediction.Device half = Prediction.Device.measured(660_000_000L);
    assertThat(p)
        .isEqualTo(
            expected(
                4 * GIB,
                List.of(half, half),
                true,
                false,
                "dirty rate 100 MiB/s measured; link 25 Gbit/s from the PF's speed; device state"
                    + " from the last migration; the last migration between src and dst took 5000"
                    + " ms (downtime 400 ms)"));
  }

  @Test
  void aVmWithoutAVfHasNoDeviceStateAndNoSwitchoverAck() {
    Lab lab =
        MigrationFixture.prepared(
            s -> {
              s.link.bandwidth = "25Gbit/s";
              s.hosts.get("src").vms.get(0).memory = "4GiB";
              s.hosts.get("src").vms.get(0).dirtyRate = "100MiB/s";
            },
            OptionalInt.empty(),
            true);

    PredictedTimes p = dryRun(lab);

    assertThat(p)
        .isEqualTo(
            Prediction.predict(
                new Prediction.Inputs(
                    4 * GIB,
                    OptionalLong.of(100 * MIB),
                    3_125_000_000L,
                    List.of(),
                    false,
                    Multifd.CHANNELS,
                    false,
                    300,
                    500),
                "dirty rate 100 MiB/s measured; link 25 Gbit/s from the PF's speed"));
  }

  @Test
  void aRealRunDoesNotSpendASecondMeasuringTheDirtyRate() {
    MigrationResult r = MigrationFixture.migrate(lab(s -> {}), asking().verify(false).build());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(MigrationOutcome.MIGRATED);
    assertThat(r.tuning().prediction().orElseThrow().basis())
        .isEqualTo(
            "dirty rate not measured; link 25 Gbit/s from the PF's speed; device state of a"
                + " ConnectX-7 VF (300 MB)");
  }

  private static FakeHost pfPort() {
    return new FakeHost()
        .on("devlink", "-j", "port", "show")
        .stdoutFromFixture("devlink/port-show.json");
  }

  @Test
  void theLinkSpeedIsThePfNetdevsSpeedInMegabits() {
    FakeHost host = pfPort().file("/sys/class/net/enp225s0f0np0/speed", "25000\n");
    assertThat(Forecast.linkSpeed(host, PF)).contains(3_125_000_000L);
  }

  @Test
  void aLinkThatIsDownOrUnreadableHasNoSpeed() {
    assertThat(Forecast.linkSpeed(pfPort().file("/sys/class/net/enp225s0f0np0/speed", "-1\n"), PF))
        .as("the kernel's -1 of a link that is down")
        .isEmpty();
    assertThat(Forecast.linkSpeed(pfPort().file("/sys/class/net/enp225s0f0np0/speed", "0\n"), PF))
        .isEmpty();
    assertThat(Forecast.linkSpeed(pfPort().file("/sys/class/net/enp225s0f0np0/speed", "x\n"), PF))
        .isEmpty();
    assertThat(Forecast.linkSpeed(pfPort(), PF)).as("no speed file").isEmpty();
    assertThat(
            Forecast.linkSpeed(
                pfPort().file("/sys/class/net/enp225s0f0np0/speed", "25000\n"),
                PciAddress.parse("0000:e2:00.0")))
        .as("another PF than devlink's")
        .isEmpty();
    assertThat(
            Forecast.linkSpeed(
                new FakeHost()
                    .on("devlink", "-j", "port", "show")
                    .answer(1, "", "Error: devlink: command not found\n"),
                PF))
        .isEmpty();
  }

  @Test
  void thePfsNetdevIsItsPhysicalPort() {
    assertThat(Forecast.pfNetdev(pfPort(), PF)).contains("enp225s0f0np0");
    assertThat(Forecast.speedPath("enp225s0f0np0")).isEqualTo("/sys/class/net/enp225s0f0np0/speed");
  }

  @Test
  void aDirtyRateLibvirtCannotMeasureIsNotMeasured() {
    Lab lab = lab(s -> {});
    FaultSpec fault = new FaultSpec();
    fault.command = "virsh domdirtyrate-calc vm1";
    fault.stderr = "error: this function is not supported by the connection driver\n";
    fault.times = 10;
    lab.hostSpec("src").faults.add(fault);

    assertThat(dryRun(lab).basis())
        .isEqualTo(
            "dirty rate not measured; link 25 Gbit/s from the PF's speed; device state of a"
                + " ConnectX-7 VF (300 MB)");
  }

  @Test
  void aSourceQemuBuiltWithoutSwitchoverAckPredictsWithoutIt() {
    Lab lab = lab(s -> {});
    FaultSpec caps = new FaultSpec();
    caps.command = "virsh qemu-monitor-command vm1 " + Virsh.QUERY_MIGRATE_CAPABILITIES;
    caps.exitCode = 0;
    caps.stdout =
        io.vfmigrate.tools.FakeHost.Fixtures.read("virsh/query-migrate-capabilities-7.2.json");
    caps.times = 100;
    lab.hostSpec("src").faults.add(caps);

    assertThat(dryRun(lab))
        .isEqualTo(
            expected(
                4 * GIB,
                List.of(Prediction.Device.connectX7()),
                false,
                false,
                "dirty rate 100 MiB/s measured; link 25 Gbit/s from the PF's speed; device state"
                    + " of a ConnectX-7 VF (300 MB)"));
  }
}
