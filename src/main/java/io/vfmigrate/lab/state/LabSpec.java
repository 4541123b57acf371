package io.vfmigrate.lab.state;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole lab: what {@code lab init --from FILE} reads and what is persisted after every command
 * that changes it. The schema is documented in docs/lab-schema.md; fields marked "runtime" there
 * are written by the lab as it runs and may be omitted in a description.
 */
@JsonPropertyOrder({"revision"})
public class LabSpec {
  /**
   * Counts the saved changes of the persisted lab (runtime). It is the file's first line, so a
   * vfmigrate process can tell whether another one changed the lab without parsing it again.
   */
  public long revision;

  public LinkSpec link = new LinkSpec();

  /** The peer on the VF network that answers ping. */
  public String vfPeer = "192.168.3.1";

  /** Virtual time in milliseconds since the lab was created (runtime). */
  public long clockMs;

  public Map<String, HostSpec> hosts = new LinkedHashMap<>();

  /**
   * Emulated {@code virsh migrate} commands that are running, or ended and not yet read (runtime).
   */
  public List<MigrationSpec> migrations = new ArrayList<>();
}
