package io.vfmigrate.tools.virsh;

import io.vfmigrate.model.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A live migration as {@code virsh migrate} runs it: always {@code --live --persistent
 * --undefinesource --verbose}; {@code --xml} and {@code --persistent-xml} name files (on the source
 * host) holding the domain XML rewritten for the destination's VF.
 *
 * @param vm the domain
 * @param destinationUri e.g. {@code qemu+ssh://hostB/system}
 * @param xmlFile the live domain XML for the destination ({@code --xml})
 * @param persistentXmlFile the persistent definition for the destination ({@code --persistent-xml})
 * @param timeout how long the command may run before the host kills it
 * @param copyStorageAll copy the disks to the destination ({@code --copy-storage-all})
 * @param parallelConnections multifd channels ({@code --parallel}); 0 for none
 */
public record MigrateOptions(
    String vm,
    String destinationUri,
    Optional<String> xmlFile,
    Optional<String> persistentXmlFile,
    Optional<String> migrateUri,
    Duration timeout,
    boolean copyStorageAll,
    int parallelConnections) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);

  public MigrateOptions {
    Names.vmName(vm);
    Names.libvirtUri(destinationUri);
    Objects.requireNonNull(xmlFile, "xmlFile").ifPresent(Names::path);
    Objects.requireNonNull(persistentXmlFile, "persistentXmlFile").ifPresent(Names::path);
    Objects.requireNonNull(migrateUri, "migrateUri").ifPresent(Names::libvirtUri);
    Objects.requireNonNull(timeout, "timeout");
    if (parallelConnections < 0 || parallelConnections > MAX_PARALLEL_CONNECTIONS) {
      throw new IllegalArgumentException(
          "parallel connections must be 0 to " + MAX_PARALLEL_CONNECTIONS);
    }
  }

  /** A migration on shared storage with the main channel alone. */
  public MigrateOptions(
      String vm,
      String destinationUri,
      Optional<String> xmlFile,
      Optional<String> persistentXmlFile,
      Optional<String> migrateUri,
      Duration timeout) {
    this(vm, destinationUri, xmlFile, persistentXmlFile, migrateUri, timeout, false, 0);
  }

  /** A migration on shared storage with {@code parallelConnections} multifd channels. */
  public MigrateOptions(
      String vm,
      String destinationUri,
      Optional<String> xmlFile,
      Optional<String> persistentXmlFile,
      Optional<String> migrateUri,
      Duration timeout,
      int parallelConnections) {
    this(
        vm,
        destinationUri,
        xmlFile,
        persistentXmlFile,
        migrateUri,
        timeout,
        false,
        parallelConnections);
  }

  /** The same migration copying the disks to the destination ({@code --copy-storage-all}). */
  public MigrateOptions withCopyStorageAll() {
    return new MigrateOptions(
        vm,
        destinationUri,
        xmlFile,
        persistentXmlFile,
        migrateUri,
        timeout,
        true,
        parallelConnections);
  }

  /** QEMU's multifd-channels is 1 to 255. */
  public static final int MAX_PARALLEL_CONNECTIONS = 255;

  public static MigrateOptions of(String vm, String destinationUri) {
    return new MigrateOptions(
        vm,
        destinationUri,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_TIMEOUT,
        false,
        0);
  }

  public MigrateOptions withXml(String file) {
    return new MigrateOptions(
        vm,
        destinationUri,
        Optional.of(file),
        persistentXmlFile,
        migrateUri,
        timeout,
        copyStorageAll,
        parallelConnections);
  }

  public MigrateOptions withPersistentXml(String file) {
    return new MigrateOptions(
        vm,
        destinationUri,
        xmlFile,
        Optional.of(file),
        migrateUri,
        timeout,
        copyStorageAll,
        parallelConnections);
  }

  public MigrateOptions withTimeout(Duration newTimeout) {
    return new MigrateOptions(
        vm,
        destinationUri,
        xmlFile,
        persistentXmlFile,
        migrateUri,
        newTimeout,
        copyStorageAll,
        parallelConnections);
  }

  /** The address QEMU's migration stream connects to ({@code --migrateuri}). */
  public MigrateOptions withMigrateUri(String uri) {
    return new MigrateOptions(
        vm,
        destinationUri,
        xmlFile,
        persistentXmlFile,
        Optional.of(uri),
        timeout,
        copyStorageAll,
        parallelConnections);
  }

  /**
   * Multifd with {@code connections} channels ({@code --parallel --parallel-connections N}); 0 for
   * the main channel alone.
   */
  public MigrateOptions withParallel(int connections) {
    return new MigrateOptions(
        vm,
        destinationUri,
        xmlFile,
        persistentXmlFile,
        migrateUri,
        timeout,
        copyStorageAll,
        connections);
  }

  /**
   * {@code virsh migrate --live --persistent --undefinesource --verbose [--copy-storage-all] [--xml
   * F] [--persistent-xml F] [--parallel --parallel-connections N] VM URI}.
   */
  public List<String> argv() {
    List<String> argv =
        new ArrayList<>(
            List.of("virsh", "migrate", "--live", "--persistent", "--undefinesource", "--verbose"));
    if (copyStorageAll) {
      argv.add("--copy-storage-all");
    }
    xmlFile.ifPresent(
        f -> {
          argv.add("--xml");
          argv.add(f);
        });
    persistentXmlFile.ifPresent(
        f -> {
          argv.add("--persistent-xml");
          argv.add(f);
        });
    if (parallelConnections > 0) {
      argv.add("--parallel");
      argv.add("--parallel-connections");
      argv.add(Integer.toString(parallelConnections));
    }
    argv.add(vm);
    argv.add(destinationUri);
    migrateUri.ifPresent(
        u -> {
          argv.add("--migrateuri");
          argv.add(u);
        });
    return List.copyOf(argv);
  }
}
