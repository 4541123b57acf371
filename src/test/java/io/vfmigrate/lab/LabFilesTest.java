package io.vfmigrate.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.lab.state.LabSpec;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's YAML and files: what is refused before it can break a later command. */
class LabFilesTest {
  @TempDir Path dir;

  private static String builtIn() throws Exception {
    try (var in = LabStore.class.getResourceAsStream("/lab/default.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void refused(String yaml, String... words) {
    assertThatThrownBy(() -> LabStore.parse(yaml, "lab.yaml"))
        .isInstanceOf(LabException.class)
        .hasMessageContainingAll(words);
  }

  @Test
  void aDuplicateKeyIsRefusedInsteadOfTheLastOneWinning() throws Exception {
    String yaml = builtIn().replace("    vms: []", "    vms: []\n    vms: []");
    refused(yaml, "Duplicate field 'vms'", "line");
  }

  @Test
  void aNullSectionIsRefusedWithItsField() throws Exception {
    refused(builtIn().replace("    vms: []", "    vms: null"), "hosts.dst.vms is null");
    refused(builtIn().replace("link: {bandwidth: 100Gbit/s}", "link: ~"), "link is null");
    refused(builtIn().replace("memory: 8GiB", "memory: null"), "hosts.src.vms[0].memory is null");
    refused(
        builtIn().replace("total_vfs: 16", "total_vfs: null"),
        "hosts.src.nics[0].total_vfs is null");
    // An optional field may be null.
    assertThat(
            LabStore.parse(
                    builtIn()
                        .replace(
                            "psid: MT_0000000838",
                            "psid: MT_0000000838\n        firmware_next: null"),
                    "lab.yaml")
                .hosts)
        .containsKey("src");
  }

  @Test
  void everyValueIsCheckedWhenTheLabIsMade() throws Exception {
    String yaml = builtIn();
    refused(yaml.replace("address: 192.0.2.11", "address: 192.0.2.300"), "hosts.src.address");
    refused(
        yaml.replace("address: 192.0.2.11", "address: '-oProxyCommand=x'"), "hosts.src.address");
    refused(yaml.replace("vf_peer: 192.168.3.1", "vf_peer: nowhere"), "vf_peer");
    refused(yaml.replace("vf_ip: 192.168.3.10/24", "vf_ip: 192.168.3.10"), "vf_ip");
    refused(yaml.replace("ip: 192.168.1.10/24", "ip: 10.0.0.1/99"), "interfaces[0].ip");
    refused(
        yaml.replace("guest_name: eth0", "guest_name: a-very-long-interface-name"), "guest_name");
    refused(yaml.replace("memory: 8GiB", "memory: 99999999999EiB"), "memory", "too large");
    refused(yaml.replace("memory: 8GiB", "memory: 1PiB"), "memory", "more than the lab's hosts");
    refused(yaml.replace("vcpus: 4", "vcpus: 0"), "vcpus");
    refused(yaml.replace("total_vfs: 16", "total_vfs: 1000000"), "total_vfs 1000000");
    refused(yaml.replace("total_vfs: 16", "total_vfs: 16\n        vf_offset: -3"), "vf_offset -3");
    refused(yaml.replace("psid: MT_0000000838", "psid: \"MT\\e[31m\""), "\\x1b");
  }

  @Test
  void thePrerequisiteFieldsAreCheckedWithTheirNames() throws Exception {
    String yaml = builtIn();
    String host = "address: 192.0.2.12";
    String vm = "memory: 8GiB";
    refused(yaml.replace(host, host + "\n    memory_free: lots"), "hosts.dst.memory_free");
    refused(
        yaml.replace(host, host + "\n    machine_types: []"), "hosts.dst.machine_types is empty");
    refused(
        yaml.replace(host, host + "\n    machine_types: ['pc q35']"),
        "hosts.dst.machine_types",
        "machine type");
    refused(
        yaml.replace(host, host + "\n    cpu: {model: Icelake-Server}"),
        "hosts.dst.cpu needs a vendor and a model");
    refused(
        yaml.replace(host, host + "\n    cpu: {vendor: Intel, model: Icelake, features: ['a b']}"),
        "hosts.dst.cpu.features");
    refused(
        yaml.replace(host, host + "\n    firewall: {open_ports: [49152-49215]}"),
        "hosts.dst.firewall.open_ports[0]",
        "49152/tcp");
    refused(
        yaml.replace(host, host + "\n    firewall: {open_ports: [70000/tcp]}"),
        "open_ports[0] '70000/tcp'");
    refused(
        yaml.replace(host, host + "\n    ssh_trust: [src, nowhere]"),
        "hosts.dst.ssh_trust names 'nowhere'",
        "not a host of the lab");
    refused(
        yaml.replace(vm, vm + "\n        cpu: {mode: host-copy}"), "vms[0].cpu.mode 'host-copy'");
    refused(yaml.replace(vm, vm + "\n        cpu: {mode: custom}"), "vms[0].cpu is custom");
    refused(yaml.replace(vm, vm + "\n        machine: 'pc;q35'"), "vms[0].machine");
    refused(
        yaml.replace(vm, vm + "\n        disks: [{target: vda, source: vm1.qcow2}]"),
        "vms[0].disks[0].source must be an absolute path");
    refused(
        yaml.replace(vm, vm + "\n        disks: [{target: disk0, source: /images/vm1.qcow2}]"),
        "vms[0].disks[0].target 'disk0'");
    refused(
        yaml.replace(
            vm, vm + "\n        disks: [{target: vda, source: /i/vm1.qcow2, cache: fast}]"),
        "vms[0].disks[0].cache 'fast'");
    // all of them, well formed, load
    LabSpec ok =
        LabStore.parse(
            yaml.replace(
                    host,
                    host
                        + "\n    memory_free: 64GiB\n    machine_types: [pc-q35-rhel9.4.0]"
                        + "\n    cpu: {vendor: Intel, model: Icelake-Server, features: [avx512f]}"
                        + "\n    firewall: {open_ports: [22/tcp, 49152-49215/tcp]}"
                        + "\n    ssh_trust: [src]")
                .replace(
                    vm,
                    vm
                        + "\n        cpu: {mode: custom, model: Icelake-Server}"
                        + "\n        machine: pc-q35-rhel9.4.0"
                        + "\n        disks: [{target: vda, source: /i/vm1.qcow2, shared: false,"
                        + " cache: writeback}]"),
            "lab.yaml");
    assertThat(ok.hosts.get("dst").sshTrust).containsExactly("src");
  }

  @Test
  void theHugepageFieldsAreCheckedWithTheirNames() throws Exception {
    String yaml = builtIn();
    String host = "address: 192.0.2.12";
    String vm = "memory: 8GiB";
    String[][] wrong = {
      {"{3000: 10}", "hosts.dst.hugepages.3000: 3000 is not a page size (a power of two"},
      {"{2048: -1}", "hosts.dst.hugepages.2048 is -1, not a count of free pages"},
      {"{4: 10}", "hosts.dst.hugepages.4: 4 KiB pages are the host's ordinary memory"},
      {"{-2048: 1}", "hosts.dst.hugepages.-2048: -2048 is not a page size"}
    };
    for (String[] w : wrong) {
      refused(yaml.replace(host, host + "\n    hugepages: " + w[0]), w[1]);
    }
    for (String size : new String[] {"2", "2049"}) {
      refused(
          yaml.replace(vm, vm + "\n        hugepages: " + size),
          "vms[0].hugepages: " + size + " is not a page size");
    }
    // well formed, they load
    LabSpec ok =
        LabStore.parse(
            yaml.replace(host, host + "\n    hugepages: {2048: 4096, 1048576: 0}")
                .replace(vm, vm + "\n        hugepages: 1048576"),
            "lab.yaml");
    assertThat(ok.hosts.get("dst").hugepages)
        .containsEntry(2048L, 4096L)
        .containsEntry(1048576L, 0L);
    assertThat(ok.hosts.get("src").vms.get(0).hugepages).isEqualTo(1048576L);
    // left out, nothing changes
    LabSpec plain = LabStore.parse(yaml, "lab.yaml");
    assertThat(plain.hosts.get("dst").hugepages).isNull();
    assertThat(plain.hosts.get("src").vms.get(0).hugepages).isNull();
  }

  @Test
  void aMacUsedByTwoVmsOfTheLabIsRefused() throws Exception {
    String yaml =
        builtIn()
            .replace(
                "    vms: []",
                "    vms:\n"
                    + "      - name: vm2\n"
                    + "        interfaces:\n"
                    + "          - {type: virtio, mac: \"52:54:00:11:22:33\"}");
    refused(yaml, "52:54:00:11:22:33", "another VM");
  }

  @Test
  void macsAndPciAddressesAreWrittenQuoted() {
    String yaml = LabStore.toYaml(LabStore.defaultSpec());
    assertThat(yaml).contains("mac: \"52:54:00:11:22:33\"").contains("pci: \"0000:e1:00.0\"");
    assertThat(LabStore.parse(yaml, "state").hosts.get("src").vms.get(0).interfaces.get(0).mac)
        .isEqualTo("52:54:00:11:22:33");
  }

  @Test
  void deviceFifoHugeAndDirectoryFilesAreRefusedBeforeReading() throws Exception {
    assertThatThrownBy(() -> LabStore.readDescription(Path.of("/dev/zero")))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("not a regular file");
    Path fifo = dir.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> LabStore.readDescription(fifo))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("not a regular file");
    Path huge = dir.resolve("huge.yaml");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(1L << 30);
    }
    assertThatThrownBy(() -> LabStore.readDescription(huge))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("larger than 16 MiB");
    assertThatThrownBy(() -> LabStore.readDescription(dir))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void aStateCutShortIsRefusedAndLeftAsItIs() throws Exception {
    LabStore store = new LabStore(dir);
    store.initBuiltIn();
    String whole = Files.readString(store.statePath());
    assertThat(whole).endsWith(LabStore.END + "\n");
    // Cut just before host dst: what is left is valid YAML of a lab with one host.
    String cut = whole.substring(0, whole.indexOf("  dst:"));
    Files.writeString(store.statePath(), cut);

    assertThatThrownBy(store::load)
        .isInstanceOf(LabException.class)
        .hasMessageContaining("cut short")
        .hasMessageContaining("line")
        .extracting(e -> ((LabException) e).fix())
        .asString()
        .contains("lab reset");
    assertThat(Files.readString(store.statePath())).isEqualTo(cut);
  }

  @Test
  void aLostStateIsAnErrorThatSaysHowToRestoreIt() {
    LabStore store = new LabStore(dir);
    store.initBuiltIn();
    store.statePath().toFile().delete();
    assertThat(store.isNew()).isFalse();
    assertThatThrownBy(store::load)
        .isInstanceOf(LabException.class)
        .hasMessageContaining("missing")
        .extracting(e -> ((LabException) e).fix())
        .asString()
        .contains("lab reset");
  }

  @Test
  void aStateThatCannotBeWrittenIsAStorageFailureNotBadInput() throws Exception {
    LabStore store = new LabStore(dir);
    store.initBuiltIn();
    Lab lab = Lab.open(store);
    // The lab's directory is replaced by a file: nothing can be written there any more.
    for (Path p : Files.list(store.directory()).toList()) {
      Files.delete(p);
    }
    Files.delete(store.directory());
    Files.writeString(store.directory(), "not a directory");

    assertThatThrownBy(() -> lab.host("src").run(io.vfmigrate.host.Command.of("true")))
        .isInstanceOf(LabStorageException.class);
  }

  @Test
  void aWaitForAnotherProcesssLockSaysWhoHoldsIt() throws Exception {
    LabStore store = new LabStore(dir, message -> {});
    store.initBuiltIn();
    Path holder = dir.resolve("Holder.java");
    Files.writeString(
        holder,
        "import java.nio.channels.FileChannel;\n"
            + "import java.nio.file.*;\n"
            + "public class Holder {\n"
            + "  public static void main(String[] a) throws Exception {\n"
            + "    try (FileChannel c = FileChannel.open(Path.of(a[0]),\n"
            + "        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {\n"
            + "      c.lock();\n"
            // Through the locked channel: closing any other descriptor of the file would drop
            // the process's POSIX lock.
            + "      c.write(java.nio.ByteBuffer.wrap((\"pid=\" + ProcessHandle.current().pid()\n"
            + "          + \"\\ncommand=vfmigrate migrate vm1\\n\").getBytes()));\n"
            + "      System.out.println(\"locked\");\n"
            + "      System.in.read();\n"
            + "    }\n"
            + "  }\n"
            + "}\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process other =
        new ProcessBuilder(java, holder.toString(), store.directory().resolve("lock").toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(new String(other.getInputStream().readNBytes(7), StandardCharsets.UTF_8))
          .isEqualTo("locked\n");
      BlockingQueue<String> told = new LinkedBlockingQueue<>();
      LabStore waiting = new LabStore(dir, told::add);
      CompletableFuture<Void> locked =
          CompletableFuture.runAsync(
              () -> {
                try (LabStore.Lock lock = waiting.lock()) {
                  // Taken once the other process let go.
                }
              });
      String message = told.poll(60, TimeUnit.SECONDS);
      assertThat(message).contains("process " + other.pid(), "vfmigrate migrate vm1");
      assertThat(locked).isNotDone();
      other.getOutputStream().close();
      locked.get(60, TimeUnit.SECONDS);
      assertThat(told).isEmpty();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void theDefaultLabStillParses() {
    LabSpec spec = LabStore.defaultSpec();
    assertThat(LabStore.parse(LabStore.toYaml(spec), "round trip").hosts)
        .containsKeys("src", "dst");
  }
}
