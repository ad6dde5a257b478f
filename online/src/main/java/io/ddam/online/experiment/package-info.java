/**
 * Experiments built from the protocols and the metrics: {@link io.ddam.online.experiment.Simulation}
 * runs several protocols on one instance and data stream and returns one row per protocol.
 */
package io.ddam.online.experiment;
