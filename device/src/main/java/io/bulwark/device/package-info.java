/**
 * The Bulwark device SDK ({@code io.bulwark.device.client}) and the device security agent
 * ({@code io.bulwark.device.agent}). Wire formats come from {@code bulwark-protocol}; nothing here copies them.
 */
package io.bulwark.device;
