package io.vfmigrate.model;

/** A libvirt domain XML that cannot be read, or that lacks what an operation needs. */
public final class DomainXmlException extends VfmigrateException {
  private static final long serialVersionUID = 1L;

  public DomainXmlException(String message, String fix) {
    super(message, fix);
  }

  public DomainXmlException(String message, String fix, Throwable cause) {
    super(message, fix, cause);
  }
}
