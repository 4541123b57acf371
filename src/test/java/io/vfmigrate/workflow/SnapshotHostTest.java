package io.vfmigrate.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.Read;
import io.vfmigrate.tools.FakeHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a snapshot keeps when the phase it serves writes: each fact read once, as long as true. */
class SnapshotHostTest {
  private static final Command VERSION = Command.of("virsh", "version");
  private static final Command STAT = Command.of("stat", "-f", "/tmp/disk.img");

  private static FakeHost host() {
    return new FakeHost()
        .on("virsh", "version")
        .stdout("Running hypervisor: QEMU 8.2.0\n")
        .on("stat", "-f", "/tmp/disk.img")
        .stdout("ef53\n")
        .file("/run/claims/a", "x")
        .file("/run/other", "y");
  }

  private static long runs(FakeHost fake, Command c) {
    return fake.argvs().stream().filter(a -> a.equals(c.argv())).count();
  }

  @Test
  void aTemporaryFileForgetsNothingRead() {
    FakeHost fake = host();
    SnapshotHost seen = new SnapshotHost(fake, true);
    seen.prefetch(List.of(new Read.Run(VERSION)));

    String file = seen.createTempFile("vfmigrate-cpu-", "<domain/>");
    seen.run(VERSION);
    seen.deleteFile(file);
    seen.run(VERSION);

    assertThat(runs(fake, VERSION)).isEqualTo(1);
  }

  @Test
  void aReadWithStdinIsAnsweredFromTheBatchByItsInputAndForgetsNothing() {
    Command compare = Command.of("virsh", "hypervisor-cpu-compare", "/dev/stdin");
    FakeHost fake = host();
    fake.on("virsh", "hypervisor-cpu-compare", "/dev/stdin").stdout("superset\n");
    SnapshotHost seen = new SnapshotHost(fake, true);
    seen.prefetch(List.of(new Read.Run(VERSION), new Read.Run(compare.withStdin("<domain/>"))));

    seen.readAll(List.of(new Read.Run(compare.withStdin("<domain/>"))));
    seen.run(VERSION);
    seen.readAll(List.of(new Read.Run(compare.withStdin("<domain type='kvm'/>"))));

    assertThat(runs(fake, compare)).as("another XML is another question").isEqualTo(2);
    assertThat(runs(fake, VERSION)).isEqualTo(1);

    seen.run(Command.of("virsh", "define", "/dev/stdin").withStdin("<domain/>"));
    seen.run(VERSION);
    assertThat(runs(fake, VERSION)).as("a command run with stdin may write").isEqualTo(2);
  }

  @Test
  void aDeletedFileForgetsWhatNamedItOrItsDirectoryOnly() {
    FakeHost fake = host();
    SnapshotHost seen = new SnapshotHost(fake, true);
    seen.prefetch(
        List.of(
            new Read.Run(VERSION),
            new Read.Run(STAT),
            new Read.File("/run/claims/a"),
            new Read.Directory("/run/claims"),
            new Read.File("/run/other")));

    seen.deleteFile("/tmp/vfmigrate-cpu-1.xml");
    seen.run(VERSION);
    seen.run(STAT);
    seen.deleteFile("/run/claims/a");

    assertThat(runs(fake, VERSION)).as("names nothing under /tmp").isEqualTo(1);
    assertThat(runs(fake, STAT)).as("names a file under /tmp: read again").isEqualTo(2);
    assertThat(seen.known(new Read.File("/run/claims/a"))).isEmpty();
    assertThat(seen.known(new Read.Directory("/run/claims"))).isEmpty();
    assertThat(seen.known(new Read.File("/run/other"))).isPresent();
  }

  @Test
  void aWriteForgetsEverything() {
    FakeHost fake = host();
    SnapshotHost seen = new SnapshotHost(fake, true);
    seen.prefetch(List.of(new Read.Run(VERSION)));

    seen.writeFile("/run/other", "z");
    seen.run(VERSION);

    assertThat(runs(fake, VERSION)).isEqualTo(2);
  }
}
