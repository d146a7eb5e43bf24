"""Compiled geodesic kernels on the WGS84 ellipsoid (numba).

Vincenty's formulas solve the direct and inverse problems (sub-millimetre for the
distances used here); `polyline_distance` finds, for each point, the nearest point
on a set of geodesic polylines and which side of them the point lies on.
Angles inside the kernels are radians; the points passed in and the feet returned are degrees.
Inside `polyline_distance` a latitude travels as the
sine and cosine of its reduced latitude u (tan u = (1 - f) tan lat) and an azimuth as its sine
and cosine, and each segment's geodesic constants are computed once per call, so that a point on a
segment costs no iteration and the inverse problem none of its set-up trigonometry. A local
planar pass only picks candidate segments and the first guess of the foot; every distance and
foot point returned comes from the geodesic formulas.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from standoff.geo import threads
from standoff.geo.vincenty import (
    EP2,
    TWO_PI,
    B,
    F,
    coefs,
    frame,
    inverse_reduced,
    point_at,
    sigma_at,
)

DEG = math.pi / 180.0  # points come in and feet go out in degrees (as np.radians/np.degrees)
RAD = 180.0 / math.pi
# rows of the per-vertex table, columns of the per-segment table, rows of the per-point scratch
LON, LAT, SEG, PEN, HN, HM, SU, CU = range(8)
SA1, CA1, SINA, CLON, S2S1, C2S1, SAB, CAB, SIG1, SIG2, SIG3 = range(11)
DA, TK, RAW, LL, WX, WY = range(6)


@njit(cache=True, error_model="numpy")
def _segments(vt: np.ndarray, kind: np.ndarray, az_start: np.ndarray, az_end: np.ndarray,
              seg_len: np.ndarray) -> np.ndarray:
    """Per-segment geodesic constants (columns SA1..SIG3), computed once per call.

    SIG1..SIG3 give the arc on the auxiliary sphere at fraction t of the segment's length as
    sigma(t) = (SIG1 + (SIG2 + SIG3 t) t) t: the cubic matching sigma and d sigma/d t at both ends.
    Vincenty's sigma(s) = s / (b A) + dsigma(sigma), where dsigma has period pi and amplitude
    below u^2 / 8 < 1e-3, so |d4 sigma / d t4| < 16e-3 sigma_ab^4 and the cubic is off by at most
    16e-3 sigma_ab^4 / 384 (Hermite remainder): 4e-15 rad (0.03 um) for a 20 km segment
    (measured against the iteration: 3.4e-15). The foot stays exactly on the geodesic either way.
    Longer segments, where this could exceed 2e-13 rad (1 mm), get SIG1 = -1 and are iterated.
    """
    m = kind.shape[0]
    sg = np.zeros((m, 11))
    for k in range(m):
        if kind[k] != 1:
            continue
        su1, cu1 = vt[SU, k], vt[CU, k]
        sa1, ca1 = math.sin(az_start[k]), math.cos(az_start[k])
        sin_a = cu1 * sa1
        u_sq = (1 - sin_a * sin_a) * EP2
        c, a_coef, b_coef = coefs(1 - sin_a * sin_a)
        sig1 = math.atan2(su1, cu1 * ca1)  # arc from the equator crossing
        sig_ab = sigma_at(a_coef, b_coef, sig1, seg_len[k])
        s1, c1, s1b = math.sin(sig1), math.cos(sig1), math.sin(sig1 + sig_ab)
        sg[k, SA1], sg[k, CA1], sg[k, SINA], sg[k, CLON] = sa1, ca1, sin_a, c
        sg[k, S2S1], sg[k, C2S1] = 2 * s1 * c1, c1 * c1 - s1 * s1
        sg[k, SAB], sg[k, CAB] = math.sin(az_end[k]), math.cos(az_end[k])
        # d sigma / d t = length / (ds / d sigma), ds / d sigma = b sqrt(1 + u^2 sin^2(sigma1 + sigma))
        m0 = seg_len[k] / (B * math.sqrt(1 + u_sq * s1 * s1))
        m1 = seg_len[k] / (B * math.sqrt(1 + u_sq * s1b * s1b))
        sg[k, SIG1], sg[k, SIG2], sg[k, SIG3] = m0, 3 * sig_ab - 2 * m0 - m1, m0 + m1 - 2 * sig_ab
        if 16e-3 * sig_ab ** 4 / 384 > 2e-13:
            sg[k, SIG1], sg[k, SIG2], sg[k, SIG3] = -1.0, a_coef, b_coef
    return sg


@njit(cache=True, error_model="numpy")
def _exact_on_segment(su_p: float, cu_p: float, lon_p: float, vt: np.ndarray, sg: np.ndarray, k: int,
                      k_end: int, length: float, t: float, memo: np.ndarray) -> tuple[float, ...]:
    """Newton steps along geodesic segment k from fraction t of its length.

    k_end names the segment's end vertex as the start of the next segment (rings wrap).
    memo holds the last vertex evaluated (index, distance, sin and cos of the azimuth to P)
    and is updated. Returns the distance, t, the foot's reduced latitude (sin, cos), longitude,
    the segment's azimuth there and the azimuth from there to P (sin, cos each).
    """
    d = sp = su = cu = lon = sf = 0.0
    cp = cf = 1.0
    for _ in range(12):
        v = -1
        if t <= 0.0:
            t, v = 0.0, k
            su, cu, lon, sf, cf = vt[SU, k], vt[CU, k], vt[LON, k], sg[k, SA1], sg[k, CA1]
        elif t >= 1.0:
            t, v = 1.0, k_end
            su, cu, lon, sf, cf = vt[SU, k + 1], vt[CU, k + 1], vt[LON, k + 1], sg[k, SAB], sg[k, CAB]
        else:
            if sg[k, SIG1] >= 0.0:
                sig = (sg[k, SIG1] + (sg[k, SIG2] + sg[k, SIG3] * t) * t) * t
            else:
                sig1 = math.atan2(sg[k, S2S1], 1 + sg[k, C2S1])  # sigma1 (mod pi) from 2 sigma1
                sig = sigma_at(sg[k, SIG2], sg[k, SIG3], sig1, t * length)
            su, cu, dlon, sf, cf = point_at(vt[SU, k], vt[CU, k], sg[k, SA1], sg[k, CA1], sg[k, SINA],
                                             sg[k, CLON], sg[k, S2S1], sg[k, C2S1], sig)
            lon = vt[LON, k] + dlon
        if v >= 0 and v == memo[0]:
            d, sp, cp = memo[1], memo[2], memo[3]
        else:
            d, sin_sig, sl, cl = inverse_reduced(su, cu, su_p, cu_p, lon_p - lon)
            sp, cp = 0.0, 1.0
            if d > 0.0:
                sp, cp = cu_p * sl / sin_sig, (cu * su_p - su * cu_p * cl) / sin_sig
            if v >= 0:
                memo[0], memo[1], memo[2], memo[3] = v, d, sp, cp
        if d == 0.0 or length == 0.0:
            break
        # Newton step: the foot moves by d cos(angle between segment and direction to P)
        t_new = min(1.0, max(0.0, t + d * (cp * cf + sp * sf) / length))
        step = abs(t_new - t) * length
        # stopping costs about step**2 / (2 d) of distance (measured: up to ~2 cm on golan, far
        # inside the 1 m promise); stop when the next step would gain less than a centimetre
        if step * step < 2e-2 * d or step < 1e-4:
            break
        t = t_new
    return d, t, su, cu, lon, sf, cf, sp, cp


@njit(cache=True, error_model="numpy")
def _right_of_vertex(az_in: float, az_out: float, az_p: float) -> bool:
    """At a vertex with incoming/outgoing azimuths, whether direction az_p lies right of the path."""
    sector = (az_in + math.pi - az_out) % TWO_PI
    return (az_p - az_out) % TWO_PI < sector


def polyline_distance(plat: np.ndarray, plon: np.ndarray, vlat: np.ndarray, vlon: np.ndarray,
                      kind: np.ndarray, prev_seg: np.ndarray, next_seg: np.ndarray, az_start: np.ndarray,
                      az_end: np.ndarray, seg_len: np.ndarray, out_d: np.ndarray, out_right: np.ndarray,
                      out_flat: np.ndarray, out_flon: np.ndarray) -> None:
    """Nearest geodesic distance from points to polylines, side, and foot point.

    Points plat/plon and the feet out_flat/out_flon are degrees; vertices vlat/vlon (radians)
    are concatenated parts. kind[k] is 1 where a geodesic
    segment joins vertex k and k+1, 0 for a part of one vertex (a point), -1 for a part's
    last vertex. prev_seg/next_seg give the neighbouring segment (-1 for none; closed rings
    wrap). out_right is true where the point lies right of the path direction.
    Runs on the thread pool for large batches when a core is free (`geo.threads`).
    """
    run = _polyline_threads if threads.wanted(plat.shape[0]) else _polyline_serial
    run(plat, plon, vlat, vlon, kind, prev_seg, next_seg, az_start, az_end, seg_len, out_d,
        out_right, out_flat, out_flon)


@njit(cache=True, error_model="numpy")
def _polyline_serial(plat: np.ndarray, plon: np.ndarray, vlat: np.ndarray, vlon: np.ndarray, kind: np.ndarray,
                     prev_seg: np.ndarray, next_seg: np.ndarray, az_start: np.ndarray, az_end: np.ndarray,
                     seg_len: np.ndarray, out_d: np.ndarray, out_right: np.ndarray, out_flat: np.ndarray,
                     out_flon: np.ndarray) -> None:  # pragma: no cover - compiled
    vt = _vertex_table(vlat, vlon, kind)
    sg = _segments(vt, kind, az_start, az_end, seg_len)
    _nearest(0, plat.shape[0], plat, plon, vt, sg, kind, prev_seg, next_seg, az_start, az_end,
             seg_len, out_d, out_right, out_flat, out_flon)


@njit(cache=True, parallel=True, error_model="numpy")
def _polyline_threads(plat: np.ndarray, plon: np.ndarray, vlat: np.ndarray, vlon: np.ndarray,
                      kind: np.ndarray, prev_seg: np.ndarray, next_seg: np.ndarray, az_start: np.ndarray,
                      az_end: np.ndarray, seg_len: np.ndarray, out_d: np.ndarray, out_right: np.ndarray,
                      out_flat: np.ndarray, out_flon: np.ndarray) -> None:  # pragma: no cover - compiled
    n = plat.shape[0]
    vt = _vertex_table(vlat, vlon, kind)
    sg = _segments(vt, kind, az_start, az_end, seg_len)
    chunk = 512
    for c in prange((n + chunk - 1) // chunk):
        _nearest(c * chunk, min(n, (c + 1) * chunk), plat, plon, vt, sg, kind, prev_seg, next_seg,
                 az_start, az_end, seg_len, out_d, out_right, out_flat, out_flon)


@njit(cache=True, error_model="numpy")
def _vertex_table(vlat: np.ndarray, vlon: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Rows LON..CU per vertex; the extra column lets segment k read vertex k + 1."""
    m = vlat.shape[0]
    vt = np.zeros((8, m + 1))
    for k in range(m):
        vt[LON, k], vt[LAT, k] = vlon[k], vlat[k]
        vt[HN, k], vt[HM, k], vt[SU, k], vt[CU, k] = frame(vlat[k])
        vt[SEG, k] = 1.0 if kind[k] == 1 else 0.0
        vt[PEN, k] = np.inf if kind[k] < 0 else 0.0
    return vt


def planar_distance(plat: np.ndarray, plon: np.ndarray, vlat: np.ndarray, vlon: np.ndarray, kind: np.ndarray,
                    out: np.ndarray) -> None:
    """The local planar distance (m) of `_approximate` to the nearest part, for each point (degrees)."""
    (_planar_threads if threads.wanted(plat.shape[0]) else _planar_serial)(plat, plon, vlat, vlon, kind, out)


@njit(cache=True, error_model="numpy")
def _planar_rows(i0: int, i1: int, plat: np.ndarray, plon: np.ndarray, vt: np.ndarray,
                 out: np.ndarray) -> None:  # pragma: no cover - compiled
    m = vt.shape[1] - 1
    work = np.empty((6, m + 1))
    for i in range(i0, i1):
        la, lo = plat[i] * DEG, plon[i] * DEG
        hn_p, hm_p, _, _ = frame(la)
        _approximate(la, lo, hn_p, hm_p, vt, work)
        out[i] = work[DA, :m].min()


@njit(cache=True, error_model="numpy")
def _planar_serial(plat: np.ndarray, plon: np.ndarray, vlat: np.ndarray, vlon: np.ndarray, kind: np.ndarray,
                   out: np.ndarray) -> None:  # pragma: no cover - compiled
    _planar_rows(0, plat.shape[0], plat, plon, _vertex_table(vlat, vlon, kind), out)


@njit(cache=True, parallel=True, error_model="numpy")
def _planar_threads(plat: np.ndarray, plon: np.ndarray, vlat: np.ndarray, vlon: np.ndarray, kind: np.ndarray,
                    out: np.ndarray) -> None:  # pragma: no cover - compiled
    vt = _vertex_table(vlat, vlon, kind)
    chunk = 512
    for c in prange((plat.shape[0] + chunk - 1) // chunk):
        _planar_rows(c * chunk, min(plat.shape[0], (c + 1) * chunk), plat, plon, vt, out)


@njit(cache=True, error_model="numpy")
def _approximate(la: float, lo: float, hn_p: float, hm_p: float, vt: np.ndarray, work: np.ndarray) -> None:
    """Local planar distance (m) to every part and the foot's fraction of the segment.

    Fills work rows DA, TK (clamped fraction), RAW (unclamped) and LL (squared segment length);
    branch-free, so that the loops vectorize.
    """
    m = vt.shape[1] - 1
    for j in range(m):
        dlon = vt[LON, j] - lo
        dlon -= TWO_PI * math.floor((dlon + math.pi) / TWO_PI)  # across the antimeridian
        work[WX, j] = dlon * (vt[HN, j] + hn_p)
        work[WY, j] = (vt[LAT, j] - la) * (vt[HM, j] + hm_p)
    work[WX, m] = work[WY, m] = 0.0
    for k in range(m):
        ax, ay = work[WX, k], work[WY, k]
        ex, ey = (work[WX, k + 1] - ax) * vt[SEG, k], (work[WY, k + 1] - ay) * vt[SEG, k]
        ll = ex * ex + ey * ey
        raw = -(ax * ex + ay * ey) / (ll if ll > 0.0 else 1.0)
        t = min(1.0, max(0.0, raw))
        fx, fy = ax + t * ex, ay + t * ey
        work[DA, k] = math.sqrt(fx * fx + fy * fy) + vt[PEN, k]
        work[TK, k] = t
        work[RAW, k] = raw
        work[LL, k] = ll


@njit(cache=True, error_model="numpy")
def _nearest(i0: int, i1: int, plat: np.ndarray, plon: np.ndarray, vt: np.ndarray, sg: np.ndarray,
             kind: np.ndarray, prev_seg: np.ndarray, next_seg: np.ndarray, az_start: np.ndarray,
             az_end: np.ndarray, seg_len: np.ndarray, out_d: np.ndarray, out_right: np.ndarray,
             out_flat: np.ndarray, out_flon: np.ndarray) -> None:  # pragma: no cover - compiled
    """`polyline_distance` for points i0 to i1 - 1."""
    m = kind.shape[0]
    work = np.empty((6, m + 1))
    memo = np.empty(4)  # the last vertex evaluated: its index, distance and azimuth to P (sin, cos)
    for i in range(i0, i1):
        la, lo = plat[i] * DEG, plon[i] * DEG
        if math.isnan(la) or math.isnan(lo):
            out_d[i] = out_flat[i] = out_flon[i] = np.nan
            out_right[i] = False
            continue
        hn_p, hm_p, su_p, cu_p = frame(la)
        _approximate(la, lo, hn_p, hm_p, vt, work)
        best_d, best_k, best_t, best_v, best_f = _search(su_p, cu_p, lo, vt, sg, kind, prev_seg, next_seg,
                                                         seg_len, work, memo)
        out_d[i] = best_d
        best_su, best_cu, best_lon, best_sf, best_cf, best_sp, best_cp = best_f
        if best_v >= 0:
            out_flat[i], out_flon[i] = vt[LAT, best_v] * RAD, vt[LON, best_v] * RAD
        else:
            out_flat[i] = math.atan2(best_su, (1 - F) * best_cu) * RAD
            out_flon[i] = best_lon * RAD
        right = best_sp * best_cf - best_cp * best_sf > 0.0  # sin(az to P - az of the path) > 0
        k = best_k
        if k >= 0 and kind[k] == 1:
            if best_t <= 0.0 and prev_seg[k] >= 0:
                right = _right_of_vertex(az_end[prev_seg[k]], az_start[k], math.atan2(best_sp, best_cp))
            elif best_t >= 1.0 and next_seg[k] >= 0:
                right = _right_of_vertex(az_end[k], az_start[next_seg[k]], math.atan2(best_sp, best_cp))
        out_right[i] = right


Foot = tuple[float, float, float, float, float, float, float]
Best = tuple[float, int, float, int, Foot]


@njit(cache=True, error_model="numpy", inline="always")
def _search(su_p: float, cu_p: float, lo: float, vt: np.ndarray, sg: np.ndarray, kind: np.ndarray,
            prev_seg: np.ndarray, next_seg: np.ndarray, seg_len: np.ndarray, work: np.ndarray,
            memo: np.ndarray) -> Best:  # pragma: no cover - compiled
    """The nearest point of every part to P, from the planar pass in `work` (`_approximate`):
    (distance, segment or vertex index, fraction t, vertex (-1: inside the segment), foot as
    the sine and cosine of its reduced latitude, longitude, the path's azimuth and the azimuth to P)."""
    m = kind.shape[0]
    best_a = np.inf
    arg_a = -1
    for k in range(m):
        if work[DA, k] < best_a:
            best_a, arg_a = work[DA, k], k
    # candidates: on theatre-sized shapes the planar distance is within ~0.04 % + 5 m of the
    # geodesic one (measured on the golan pack, see geo.bounds); the band allows ten times that
    band = best_a * 1.004 + 25.0
    slack = best_a * 0.004 + 25.0  # how far the approximate foot may be off along a segment
    foot = (0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0)  # su, cu, lon, az (sin, cos), to P (sin, cos)
    best = (np.inf, -1, 0.0, -1, foot)
    memo[0] = -1.0
    for k in range(m):
        if work[DA, k] > band:
            continue
        if kind[k] == 0:
            d, sin_sig, sl, cl = inverse_reduced(vt[SU, k], vt[CU, k], su_p, cu_p, lo - vt[LON, k])
            if d < best[0]:
                sp, cp = 0.0, 1.0
                if d > 0.0:
                    sp, cp = cu_p * sl / sin_sig, (vt[CU, k] * su_p - vt[SU, k] * cu_p * cl) / sin_sig
                best = (d, k, 0.0, k, (vt[SU, k], vt[CU, k], vt[LON, k], 0.0, 1.0, sp, cp))
            continue
        p, q = prev_seg[k], next_seg[k]
        if k != arg_a and ((p >= 0 and work[DA, p] < work[DA, k] - slack)
                           or (q >= 0 and work[DA, q] < work[DA, k] - slack)):
            continue  # a neighbour is certainly nearer: not a local minimum of the distance
        best = _walk(k, su_p, cu_p, lo, vt, sg, kind, prev_seg, next_seg, seg_len, work, memo, slack, best)
    return best


@njit(cache=True, error_model="numpy", inline="always")
def _walk(k: int, su_p: float, cu_p: float, lo: float, vt: np.ndarray, sg: np.ndarray, kind: np.ndarray,
          prev_seg: np.ndarray, next_seg: np.ndarray, seg_len: np.ndarray, work: np.ndarray,
          memo: np.ndarray, slack: float, best: Best) -> Best:  # pragma: no cover - compiled
    """`best` improved by the exact foot on segment k, walking on to its neighbours while the
    foot sits on a shared vertex."""
    m = kind.shape[0]
    kk, t, heading = k, work[TK, k], 0
    for _ in range(m):
        q = next_seg[kk]
        d, t, su, cu, lon, sf, cf, sp, cp = _exact_on_segment(
            su_p, cu_p, lo, vt, sg, kk, q if q >= 0 else kk + 1, seg_len[kk], t, memo)
        if d < best[0]:
            best = (d, kk, t, kk if t <= 0.0 else (kk + 1 if t >= 1.0 else -1), (su, cu, lon, sf, cf, sp, cp))
        # walk on while the exact foot sits on a shared vertex, unless the neighbour's
        # approximate foot lies clearly outside it (then the vertex is the nearest point)
        q, p = next_seg[kk], prev_seg[kk]
        if (t >= 1.0 and heading >= 0 and q >= 0 and q != k
                and not (kind[q] == 1 and work[RAW, q] * math.sqrt(work[LL, q]) < -slack)):
            kk, t, heading = q, 0.0, 1
        elif (t <= 0.0 and heading <= 0 and p >= 0 and p != k
                and not (kind[p] == 1 and work[RAW, p] * math.sqrt(work[LL, p])
                         - math.sqrt(work[LL, p]) > slack)):
            kk, t, heading = p, 1.0, -1
        else:
            break
    return best
