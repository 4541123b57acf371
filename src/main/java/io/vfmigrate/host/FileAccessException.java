package io.vfmigrate.host;

/**
 * Reading or writing a file on a host failed. The reason is the system's own text (e.g. {@code
 * Device or resource busy} for {@code sriov_numvfs}), so callers can tell EBUSY from ERANGE.
 */
public final class FileAccessException extends HostException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final String reason;

  public FileAccessException(String host, String path, String reason) {
    super(host + ": " + path + ": " + reason, "");
    this.path = path;
    this.reason = reason;
  }

  public String path() {
    return path;
  }

  /** The strerror text, e.g. {@code No such file or directory}. */
  public String reason() {
    return reason;
  }

  public boolean isNoSuchFile() {
    return reason.contains("No such file or directory");
  }
}
