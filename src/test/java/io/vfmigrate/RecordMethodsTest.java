package io.vfmigrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.Read;
import io.vfmigrate.model.FirmwareVersion;
import io.vfmigrate.model.PciAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The records every migrate hashes and compares on its path (reads are map keys in every batch)
 * write their equals and hashCode out. A record's generated ones are bootstrapped through method
 * handles at their first call (java.lang.runtime.ObjectMethods): in a fresh JVM that spun about 60
 * classes of method-handle code and gave the client compiler about 100 more methods to compile
 * (1865 -> 1739 compiled methods in one real-lab migrate), on every run. Written out, they must
 * keep a record's meaning: equal exactly when every component is.
 */
class RecordMethodsTest {
  private static final List<String> WRITTEN_OUT =
      List.of(
          "io.vfmigrate.host.Read$Run",
          "io.vfmigrate.host.Read$File",
          "io.vfmigrate.host.Read$Link",
          "io.vfmigrate.host.Read$Directory",
          "io.vfmigrate.host.Read$Exists",
          "io.vfmigrate.host.Command",
          "io.vfmigrate.model.PciAddress",
          "io.vfmigrate.model.FirmwareVersion",
          "io.vfmigrate.tools.virsh.VirshBatch$Connection");

  @Test
  void theHotRecordsWriteTheirOwnEqualsAndHashCode() throws Exception {
    // Every record declares equals and hashCode, generated or not: javac generates them 'public
    // final' (their body an invokedynamic of ObjectMethods), the written-out ones are not final.
    // A plain record of this test shows the difference the check relies on.
    assertThat(generated(Plain.class)).isTrue();
    for (String name : WRITTEN_OUT) {
      Class<?> type = Class.forName(name);
      assertThat(type.isRecord()).as(name).isTrue();
      assertThat(generated(type)).as(name + ": equals or hashCode generated").isFalse();
    }
  }

  private record Plain(String value) {}

  private static boolean generated(Class<?> record) throws NoSuchMethodException {
    return java.lang.reflect.Modifier.isFinal(
            record.getDeclaredMethod("equals", Object.class).getModifiers())
        || java.lang.reflect.Modifier.isFinal(record.getDeclaredMethod("hashCode").getModifiers());
  }

  @Test
  void readsAreEqualExactlyWhenTheirKindAndValueAre() {
    assertValue(new Read.File("/a"), new Read.File("/a"), new Read.File("/b"));
    assertValue(new Read.Link("/a"), new Read.Link("/a"), new Read.Link("/b"));
    assertValue(new Read.Directory("/a"), new Read.Directory("/a"), new Read.Directory("/b"));
    assertValue(new Read.Exists("/a"), new Read.Exists("/a"), new Read.Exists("/b"));
    assertValue(Read.run("virsh", "version"), Read.run("virsh", "version"), Read.run("uname"));
    // Same path, different question.
    assertThat(new Read.File("/a")).isNotEqualTo(new Read.Link("/a"));
    assertThat(new Read.Directory("/a")).isNotEqualTo(new Read.Exists("/a"));
    assertThat(new Read.File("/a").hashCode()).isNotEqualTo(new Read.Link("/a").hashCode());
  }

  @Test
  void commandsCompareEveryComponent() {
    Command base = new Command(List.of("virsh", "list"), Optional.empty(), Duration.ofSeconds(5));
    assertValue(
        base,
        new Command(List.of("virsh", "list"), Optional.empty(), Duration.ofSeconds(5)),
        new Command(List.of("virsh", "list", "--all"), Optional.empty(), Duration.ofSeconds(5)));
    assertThat(base)
        .isNotEqualTo(base.withStdin("<domain/>"))
        .isNotEqualTo(
            new Command(List.of("virsh", "list"), Optional.empty(), Duration.ofSeconds(6)))
        .isNotEqualTo(
            new Command(
                List.of("virsh", "list"),
                Optional.empty(),
                Duration.ofSeconds(5),
                Map.of("LC_ALL", "C")));
  }

  @Test
  void addressesAndVersionsCompareEveryNumber() {
    assertValue(
        PciAddress.parse("0000:e1:00.1"),
        PciAddress.parse("0000:e1:00.1"),
        PciAddress.parse("0000:e1:00.2"));
    assertThat(PciAddress.parse("0000:e1:00.1"))
        .isNotEqualTo(PciAddress.parse("0001:e1:00.1"))
        .isNotEqualTo(PciAddress.parse("0000:e2:00.1"))
        .isNotEqualTo(PciAddress.parse("0000:e1:01.1"));
    assertValue(
        FirmwareVersion.parse("28.39.1002"),
        FirmwareVersion.parse("28.39.1002"),
        FirmwareVersion.parse("28.39.1003"));
    assertThat(FirmwareVersion.parse("28.39.1002"))
        .isNotEqualTo(FirmwareVersion.parse("28.40.1002"))
        .isNotEqualTo(FirmwareVersion.parse("29.39.1002"));
  }

  private static void assertValue(Object a, Object same, Object other) {
    assertThat(a).isEqualTo(same).isNotEqualTo(other).isNotEqualTo(null).isNotEqualTo("x");
    assertThat(a.hashCode()).isEqualTo(same.hashCode());
  }
}
