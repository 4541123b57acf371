/**
 * The report page: one self-contained HTML file with inline CSS and SVG charts (no script, no
 * network), and the same facts as JSON.
 */
package io.vfmigrate.cli.report;
