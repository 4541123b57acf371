/**
 * What a report shows about one migration or evacuation, read from the journal alone: the samples
 * as series, the pre-copy passes, the downtime-limit steps, switchover and downtime (unknown with
 * its reason), verify, prediction against actual, and an evacuation's migrations over time against
 * the per-PF cap. Rendering is the CLI's.
 */
package io.vfmigrate.workflow.report;
