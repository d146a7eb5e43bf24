"""Compiled geodesic kernels on the WGS84 ellipsoid (numba).

Vincenty's formulas solve the direct and inverse problems (sub-millimetre for the
distances used here); `polyline_distance` finds, for each point, the nearest point
on a set of geodesic polylines and which side of them the point lies on.
Angles inside the kernels are radians; the public wrappers in `geo.distance` take degrees.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

A = 6378137.0
F = 1 / 298.257223563
B = A * (1 - F)
E2 = F * (2 - F)
EP2 = (A * A - B * B) / (B * B)
TWO_PI = 2 * math.pi


@njit(cache=True, error_model="numpy")
def inverse(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float, float]:
    """Geodesic distance (m), azimuth at point 1 and forward azimuth at point 2 (radians)."""
    if lat1 == lat2 and lon1 == lon2:
        return 0.0, 0.0, 0.0
    u1 = math.atan((1 - F) * math.tan(lat1))
    u2 = math.atan((1 - F) * math.tan(lat2))
    su1, cu1 = math.sin(u1), math.cos(u1)
    su2, cu2 = math.sin(u2), math.cos(u2)
    big_l = lon2 - lon1
    lam = big_l
    sin_sig = cos_sig = sig = cos2a = cos2sm = sl = cl = 0.0
    for _ in range(200):
        sl, cl = math.sin(lam), math.cos(lam)
        sin_sig = math.sqrt((cu2 * sl) ** 2 + (cu1 * su2 - su1 * cu2 * cl) ** 2)
        if sin_sig == 0.0:
            return 0.0, 0.0, 0.0
        cos_sig = su1 * su2 + cu1 * cu2 * cl
        sig = math.atan2(sin_sig, cos_sig)
        sin_a = cu1 * cu2 * sl / sin_sig
        cos2a = 1 - sin_a * sin_a
        cos2sm = cos_sig - 2 * su1 * su2 / cos2a if cos2a != 0.0 else 0.0
        c = F / 16 * cos2a * (4 + F * (4 - 3 * cos2a))
        lam_prev = lam
        lam = big_l + (1 - c) * F * sin_a * (
            sig + c * sin_sig * (cos2sm + c * cos_sig * (-1 + 2 * cos2sm * cos2sm))
        )
        if abs(lam - lam_prev) < 1e-13:
            break
    u_sq = cos2a * EP2
    k1 = (math.sqrt(1 + u_sq) - 1) / (math.sqrt(1 + u_sq) + 1)
    a_coef = (1 + k1 * k1 / 4) / (1 - k1)
    b_coef = k1 * (1 - 3 * k1 * k1 / 8)
    d_sig = b_coef * sin_sig * (
        cos2sm
        + b_coef / 4 * (cos_sig * (-1 + 2 * cos2sm * cos2sm)
                        - b_coef / 6 * cos2sm * (-3 + 4 * sin_sig * sin_sig)
                        * (-3 + 4 * cos2sm * cos2sm))
    )
    s = B * a_coef * (sig - d_sig)
    az1 = math.atan2(cu2 * sl, cu1 * su2 - su1 * cu2 * cl)
    az2 = math.atan2(cu1 * sl, -su1 * cu2 + cu1 * su2 * cl)
    return s, az1, az2


@njit(cache=True, error_model="numpy")
def direct(lat1: float, lon1: float, az1: float, s: float) -> tuple[float, float, float]:
    """Point reached from (lat1, lon1) along azimuth az1 after s metres, and its azimuth."""
    if s == 0.0:
        return lat1, lon1, az1
    sa1, ca1 = math.sin(az1), math.cos(az1)
    tu1 = (1 - F) * math.tan(lat1)
    cu1 = 1 / math.sqrt(1 + tu1 * tu1)
    su1 = tu1 * cu1
    sig1 = math.atan2(tu1, ca1)
    sin_a = cu1 * sa1
    cos2a = 1 - sin_a * sin_a
    u_sq = cos2a * EP2
    k1 = (math.sqrt(1 + u_sq) - 1) / (math.sqrt(1 + u_sq) + 1)
    a_coef = (1 + k1 * k1 / 4) / (1 - k1)
    b_coef = k1 * (1 - 3 * k1 * k1 / 8)
    sig = s / (B * a_coef)
    cos2sm = sin_sig = cos_sig = 0.0
    for _ in range(100):
        cos2sm = math.cos(2 * sig1 + sig)
        sin_sig, cos_sig = math.sin(sig), math.cos(sig)
        d_sig = b_coef * sin_sig * (
            cos2sm + b_coef / 4 * (cos_sig * (-1 + 2 * cos2sm * cos2sm)
                                   - b_coef / 6 * cos2sm * (-3 + 4 * sin_sig * sin_sig)
                                   * (-3 + 4 * cos2sm * cos2sm))
        )
        sig_prev = sig
        sig = s / (B * a_coef) + d_sig
        if abs(sig - sig_prev) < 1e-14:
            break
    cos2sm = math.cos(2 * sig1 + sig)
    sin_sig, cos_sig = math.sin(sig), math.cos(sig)
    x = su1 * sin_sig - cu1 * cos_sig * ca1
    lat2 = math.atan2(su1 * cos_sig + cu1 * sin_sig * ca1, (1 - F) * math.sqrt(sin_a * sin_a + x * x))
    lam = math.atan2(sin_sig * sa1, cu1 * cos_sig - su1 * sin_sig * ca1)
    c = F / 16 * cos2a * (4 + F * (4 - 3 * cos2a))
    big_l = lam - (1 - c) * F * sin_a * (
        sig + c * sin_sig * (cos2sm + c * cos_sig * (-1 + 2 * cos2sm * cos2sm))
    )
    az2 = math.atan2(sin_a, -x)
    return lat2, lon1 + big_l, az2


@njit(cache=True, error_model="numpy")
def _radii(lat: float) -> tuple[float, float]:
    """East-west scale N·cos(lat) and meridian radius M, metres per radian."""
    s = math.sin(lat)
    w = math.sqrt(1 - E2 * s * s)
    return A / w * math.cos(lat), A * (1 - E2) / (w * w * w)


@njit(cache=True, error_model="numpy")
def _exact_on_segment(plat, plon, alat, alon, blat, blon, az_a, az_b, length, t):
    """Newton steps along one geodesic segment: (distance, t, foot lat, foot lon, az seg, az to P)."""
    d = 0.0
    flat, flon, az_f, az_fp = alat, alon, az_a, 0.0
    for _ in range(12):
        if t <= 0.0:
            t = 0.0
            flat, flon, az_f = alat, alon, az_a
        elif t >= 1.0:
            t = 1.0
            flat, flon, az_f = blat, blon, az_b
        else:
            flat, flon, az_f = direct(alat, alon, az_a, t * length)
        d, az_fp, _ = inverse(flat, flon, plat, plon)
        if d == 0.0 or length == 0.0:
            break
        t_new = min(1.0, max(0.0, t + d * math.cos(az_fp - az_f) / length))
        step = abs(t_new - t) * length
        # stopping costs about step**2 / (2 d) of distance: stop below a centimetre
        if step * step < 2e-2 * d or step < 1e-4:
            break
        t = t_new
    return d, t, flat, flon, az_f, az_fp


@njit(cache=True, error_model="numpy")
def _right_of_vertex(az_in: float, az_out: float, az_p: float) -> bool:
    """At a vertex with incoming/outgoing azimuths, whether direction az_p lies right of the path."""
    sector = (az_in + math.pi - az_out) % TWO_PI
    return (az_p - az_out) % TWO_PI < sector


@njit(cache=True, parallel=True, error_model="numpy")
def polyline_distance(plat, plon, vlat, vlon, kind, prev_seg, next_seg, az_start, az_end,
                      seg_len, out_d, out_right, out_flat, out_flon):
    n = plat.shape[0]
    m = vlat.shape[0]
    v_ncos = np.empty(m)
    v_m = np.empty(m)
    for k in range(m):
        v_ncos[k], v_m[k] = _radii(vlat[k])
    chunk = 512
    for c in prange((n + chunk - 1) // chunk):
        approx = np.empty(m)
        foot_t = np.empty(m)
        along = np.empty(m)
        span = np.empty(m)
        for i in range(c * chunk, min(n, (c + 1) * chunk)):
            _nearest_one(i, plat, plon, vlat, vlon, v_ncos, v_m, kind, prev_seg, next_seg,
                         az_start, az_end, seg_len, approx, foot_t, along, span,
                         out_d, out_right, out_flat, out_flon)


@njit(cache=True, error_model="numpy")
def _nearest_one(i, plat, plon, vlat, vlon, v_ncos, v_m, kind, prev_seg, next_seg, az_start,
                 az_end, seg_len, approx, foot_t, along, span, out_d, out_right, out_flat, out_flon):
    """Nearest geodesic distance from points to polylines, side, and foot point.

    Vertices vlat/vlon (radians) are concatenated parts. kind[k] is 1 where a geodesic
    segment joins vertex k and k+1, 0 for a part of one vertex (a point), -1 for a part's
    last vertex. prev_seg/next_seg give the neighbouring segment (-1 for none; closed rings
    wrap). out_right is 1 where the point lies right of the path direction, else 0.
    """
    m = vlat.shape[0]
    la, lo = plat[i], plon[i]
    if math.isnan(la) or math.isnan(lo):
        out_d[i] = np.nan
        out_right[i] = 0
        out_flat[i] = np.nan
        out_flon[i] = np.nan
        return
    ncos_p, m_p = _radii(la)
    best_a = np.inf
    arg_a = -1
    for k in range(m):
        approx[k] = np.inf
        foot_t[k] = 0.0
        if kind[k] < 0:
            continue
        ncos_k, m_k = v_ncos[k], v_m[k]
        ax = (vlon[k] - lo) * 0.5 * (ncos_k + ncos_p)
        ay = (vlat[k] - la) * 0.5 * (m_k + m_p)
        tk = 0.0
        if kind[k] == 0:
            dk = math.sqrt(ax * ax + ay * ay)
        else:
            ncos_j, m_j = v_ncos[k + 1], v_m[k + 1]
            bx = (vlon[k + 1] - lo) * 0.5 * (ncos_j + ncos_p)
            by = (vlat[k + 1] - la) * 0.5 * (m_j + m_p)
            ex, ey = bx - ax, by - ay
            ll = ex * ex + ey * ey
            raw = 0.0 if ll == 0.0 else -(ax * ex + ay * ey) / ll
            tk = min(1.0, max(0.0, raw))
            span[k] = math.sqrt(ll)
            along[k] = raw * span[k]  # approximate offset of the foot from the segment start, m
            fx, fy = ax + tk * ex, ay + tk * ey
            dk = math.sqrt(fx * fx + fy * fy)
        approx[k] = dk
        foot_t[k] = tk
        if dk < best_a:
            best_a, arg_a = dk, k
    band = best_a * 1.004 + 25.0
    slack = best_a * 0.004 + 25.0  # how far the approximate foot may be off along a segment
    best_d = np.inf
    best_k = -1
    best_t = 0.0
    best_flat = best_flon = best_azf = best_azp = 0.0
    for k in range(m):
        if approx[k] > band:
            continue
        if kind[k] == 0:
            d, azp, _ = inverse(vlat[k], vlon[k], la, lo)
            if d < best_d:
                best_d, best_k, best_t = d, k, 0.0
                best_flat, best_flon, best_azf, best_azp = vlat[k], vlon[k], 0.0, azp
            continue
        p, q = prev_seg[k], next_seg[k]
        if k != arg_a and ((p >= 0 and approx[p] < approx[k]) or (q >= 0 and approx[q] <= approx[k])):
            continue  # not a local minimum of the approximate distance
        kk, t, heading = k, foot_t[k], 0
        for _ in range(m):
            d, t, fla, flo, azf, azp = _exact_on_segment(
                la, lo, vlat[kk], vlon[kk], vlat[kk + 1], vlon[kk + 1],
                az_start[kk], az_end[kk], seg_len[kk], t)
            if d < best_d:
                best_d, best_k, best_t = d, kk, t
                best_flat, best_flon, best_azf, best_azp = fla, flo, azf, azp
            # walk on while the exact foot sits on a shared vertex, unless the neighbour's
            # approximate foot lies clearly outside it (then the vertex is the nearest point)
            q, p = next_seg[kk], prev_seg[kk]
            if (t >= 1.0 and heading >= 0 and q >= 0 and q != k
                    and not (kind[q] == 1 and along[q] < -slack)):
                kk, t, heading = q, 0.0, 1
            elif (t <= 0.0 and heading <= 0 and p >= 0 and p != k
                    and not (kind[p] == 1 and along[p] - span[p] > slack)):
                kk, t, heading = p, 1.0, -1
            else:
                break
    out_d[i] = best_d
    out_flat[i] = best_flat
    out_flon[i] = best_flon
    right = math.sin(best_azp - best_azf) > 0.0
    k = best_k
    if k >= 0 and kind[k] == 1:
        if best_t <= 0.0 and prev_seg[k] >= 0:
            right = _right_of_vertex(az_end[prev_seg[k]], az_start[k], best_azp)
        elif best_t >= 1.0 and next_seg[k] >= 0:
            right = _right_of_vertex(az_end[k], az_start[next_seg[k]], best_azp)
    out_right[i] = 1 if right else 0
