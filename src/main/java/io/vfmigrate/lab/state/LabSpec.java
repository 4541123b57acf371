package io.vfmigrate.lab.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole lab: what {@code lab init --from FILE} reads and what is persisted between CLI runs.
 * The schema is documented in docs/lab-schema.md; fields marked "runtime" there are written by the
 * lab as it runs and may be omitted in a description.
 */
public class LabSpec {
  public LinkSpec link = new LinkSpec();

  /** The peer on the VF network that answers ping. */
  public String vfPeer = "192.168.3.1";

  /** Virtual time in milliseconds since the lab was created (runtime). */
  public long clockMs;

  public Map<String, HostSpec> hosts = new LinkedHashMap<>();

  /**
   * Emulated processes that exist only while this lab is in memory (such as a running migration),
   * keyed by the emulator that owns them. Never persisted: one CLI run drives a whole migration.
   */
  @JsonIgnore public final Map<String, Object> processes = new LinkedHashMap<>();
}
