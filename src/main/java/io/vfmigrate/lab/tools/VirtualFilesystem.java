package io.vfmigrate.lab.tools;

import java.util.List;
import java.util.Optional;

/**
 * The files of an emulated host that vfmigrate reads and writes: sysfs (PCI devices, SR-IOV
 * attributes, driver links, IOMMU groups), computed from the lab state. Errors are thrown as {@link
 * io.vfmigrate.host.FileAccessException} with the kernel's strerror text.
 */
public interface VirtualFilesystem {
  /** True when this filesystem owns the path (e.g. it is under /sys). */
  boolean handles(String path);

  String read(LabContext context, String path);

  void write(LabContext context, String path, String content);

  List<String> list(LabContext context, String path);

  Optional<String> readLink(LabContext context, String path);

  boolean exists(LabContext context, String path);
}
