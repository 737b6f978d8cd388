;; One Lloyd iteration of k-means with WebAssembly SIMD (f64x2), fused: for every row x_i of X,
;;   the cross products x_i . c_j with every center, the label
;;     l_i = first j minimising  |c_j|^2 - 2 x_i . c_j,
;;   and (when asked) the weighted sums  S[l_i] += w_i x_i,  W[l_i] += w_i.
;; One pass over X per iteration, no n x k block in memory: scikit-learn's lloyd_iter_chunked_dense
;; does the same per 256-row chunk with a BLAS call; here the chunk is 4 rows and stays in registers.
;; Source of the bytes in lloyd-bytes.ts (`node src/cluster/wasm/build-lloyd-wasm.mjs` from the
;; package folder); loaded and laid out by wasm-lloyd.ts; explained in
;; docs/level2-classical/clustering.md ("Speed").
;;
;; Layout (byte offsets chosen by the caller, all 16-byte aligned):
;;   X   (n, d) f64 row-major        W   (n,) f64 weights           labels (n,) i32 out
;;   Cp  packed centers: for each group of 4 centers g, Cp_g[4p + c] = C[4g + c][p] (32 bytes per
;;       feature p); then, if kp = k rounded up to even is not a multiple of 4, one group of 2,
;;       Cp_t[2p + c] (16 bytes per p); a padded center (k odd) is all zeros.
;;   norms (k,) f64 |c_j|^2          S (k, d) f64, Wsum (k,) f64 accumulated into (caller zeroes)
;;   T   scratch: kp x 4 f64 (the 4-row tile, column-major) then 4 i32 labels
;;
;; Rows go 4 at a time. For a 4-row group the dot products are computed exactly as core's
;; gemm.wat computes a 4x4 block: 8 f64x2 accumulators starting at +0, per feature p one
;; multiply then one add per lane, p increasing, so each
;;   x_i . c_j = (((0 + x_i0 c_j0) + x_i1 c_j1) + ...) + x_i,d-1 c_j,d-1
;; exactly (bit for bit the JS fallback in kernels.ts and core's matmulTransB on its wasm path).
;; X rows are read in place (4 unit-stride streams; no packing: the centers, k x d, are the
;; small operand and are packed once per iteration by the caller). A last group with fewer
;; than 4 rows repeats the last row in the missing slots and keeps only the real results.
;;
;; The argmin runs on two rows per vector (the tile is stored transposed for that): per center
;; j, v = |c_j|^2 - 2 dot (one multiply, one subtract, as the scalar code), then
;; f64x2.lt + v128.bitselect keep (best, label) when not strictly smaller: the same first-minimum
;; rule as the scalar loop `if (v < best)`, NaN never selected, no branches to mispredict.
;;
;; The update adds w_i x_i to S[l_i] in row order (product rounded, then the sum), two features
;; per f64x2: per lane exactly the scalar `S[l*d + p] += X[i*d + p] * w_i`.
(module
  (memory (export "memory") 1)

  ;; T[j][r] for the 4 rows and centers j..j+3 (T at column j: 32 bytes per column):
  ;; T[j][r] = sum_p x_r[p] Cp[4p + (j - j0)].  d >= 1.
  (func $dots4x4 (param $d i32) (param $x0 i32) (param $x1 i32) (param $x2 i32) (param $x3 i32)
                 (param $pb i32) (param $t i32)
    (local $c00 v128) (local $c01 v128)   ;; row 0: centers 0-1, 2-3
    (local $c10 v128) (local $c11 v128)   ;; row 1
    (local $c20 v128) (local $c21 v128)   ;; row 2
    (local $c30 v128) (local $c31 v128)   ;; row 3
    (local $b0 v128) (local $b1 v128) (local $a v128) (local $end i32)
    (local.set $end (i32.add (local.get $x0) (i32.shl (local.get $d) (i32.const 3))))
    (loop $p
      (local.set $b0 (v128.load (local.get $pb)))            ;; c_0[p] c_1[p]
      (local.set $b1 (v128.load offset=16 (local.get $pb)))  ;; c_2[p] c_3[p]
      (local.set $a (v128.load64_splat (local.get $x0)))     ;; x_0[p] in both lanes
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load64_splat (local.get $x1)))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load64_splat (local.get $x2)))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load64_splat (local.get $x3)))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $x0 (i32.add (local.get $x0) (i32.const 8)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 8)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 8)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 8)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $p (i32.lt_u (local.get $x0) (local.get $end))))
    ;; store transposed, T[j][r], lane by lane (8 i8x16.shuffle pairing the rows instead made
    ;; the whole step ~0.4 ms slower on 10000x50, k = 10, in Node 20's V8: measured)
    (f64.store offset=0 (local.get $t) (f64x2.extract_lane 0 (local.get $c00)))
    (f64.store offset=8 (local.get $t) (f64x2.extract_lane 0 (local.get $c10)))
    (f64.store offset=16 (local.get $t) (f64x2.extract_lane 0 (local.get $c20)))
    (f64.store offset=24 (local.get $t) (f64x2.extract_lane 0 (local.get $c30)))
    (f64.store offset=32 (local.get $t) (f64x2.extract_lane 1 (local.get $c00)))
    (f64.store offset=40 (local.get $t) (f64x2.extract_lane 1 (local.get $c10)))
    (f64.store offset=48 (local.get $t) (f64x2.extract_lane 1 (local.get $c20)))
    (f64.store offset=56 (local.get $t) (f64x2.extract_lane 1 (local.get $c30)))
    (f64.store offset=64 (local.get $t) (f64x2.extract_lane 0 (local.get $c01)))
    (f64.store offset=72 (local.get $t) (f64x2.extract_lane 0 (local.get $c11)))
    (f64.store offset=80 (local.get $t) (f64x2.extract_lane 0 (local.get $c21)))
    (f64.store offset=88 (local.get $t) (f64x2.extract_lane 0 (local.get $c31)))
    (f64.store offset=96 (local.get $t) (f64x2.extract_lane 1 (local.get $c01)))
    (f64.store offset=104 (local.get $t) (f64x2.extract_lane 1 (local.get $c11)))
    (f64.store offset=112 (local.get $t) (f64x2.extract_lane 1 (local.get $c21)))
    (f64.store offset=120 (local.get $t) (f64x2.extract_lane 1 (local.get $c31))))

  ;; The same for a group of 2 centers (Cp_t: 16 bytes per feature).
  (func $dots4x2 (param $d i32) (param $x0 i32) (param $x1 i32) (param $x2 i32) (param $x3 i32)
                 (param $pb i32) (param $t i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $b v128) (local $end i32)
    (local.set $end (i32.add (local.get $x0) (i32.shl (local.get $d) (i32.const 3))))
    (loop $p
      (local.set $b (v128.load (local.get $pb)))
      (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (v128.load64_splat (local.get $x0)) (local.get $b))))
      (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (v128.load64_splat (local.get $x1)) (local.get $b))))
      (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (v128.load64_splat (local.get $x2)) (local.get $b))))
      (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (v128.load64_splat (local.get $x3)) (local.get $b))))
      (local.set $x0 (i32.add (local.get $x0) (i32.const 8)))
      (local.set $x1 (i32.add (local.get $x1) (i32.const 8)))
      (local.set $x2 (i32.add (local.get $x2) (i32.const 8)))
      (local.set $x3 (i32.add (local.get $x3) (i32.const 8)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
      (br_if $p (i32.lt_u (local.get $x0) (local.get $end))))
    (f64.store offset=0 (local.get $t) (f64x2.extract_lane 0 (local.get $c0)))
    (f64.store offset=8 (local.get $t) (f64x2.extract_lane 0 (local.get $c1)))
    (f64.store offset=16 (local.get $t) (f64x2.extract_lane 0 (local.get $c2)))
    (f64.store offset=24 (local.get $t) (f64x2.extract_lane 0 (local.get $c3)))
    (f64.store offset=32 (local.get $t) (f64x2.extract_lane 1 (local.get $c0)))
    (f64.store offset=40 (local.get $t) (f64x2.extract_lane 1 (local.get $c1)))
    (f64.store offset=48 (local.get $t) (f64x2.extract_lane 1 (local.get $c2)))
    (f64.store offset=56 (local.get $t) (f64x2.extract_lane 1 (local.get $c3))))

  ;; Labels of the 4 tile rows into out[0..3] (i32): first j < k minimising norms[j] - 2 T[j][r].
  (func $argmin4 (param $t i32) (param $norms i32) (param $k i32) (param $out i32)
    (local $two v128) (local $nj v128) (local $v01 v128) (local $v23 v128)
    (local $best01 v128) (local $best23 v128) (local $lab01 v128) (local $lab23 v128)
    (local $lt01 v128) (local $lt23 v128) (local $jv v128) (local $one v128) (local $end i32)
    (local.set $two (f64x2.splat (f64.const 2)))
    (local.set $one (i64x2.splat (i64.const 1)))
    (local.set $nj (v128.load64_splat (local.get $norms)))
    (local.set $best01 (f64x2.sub (local.get $nj) (f64x2.mul (local.get $two) (v128.load (local.get $t)))))
    (local.set $best23 (f64x2.sub (local.get $nj) (f64x2.mul (local.get $two) (v128.load offset=16 (local.get $t)))))
    ;; lab01, lab23, jv start at 0 (wasm zero-initialises locals)
    (local.set $end (i32.add (local.get $norms) (i32.shl (local.get $k) (i32.const 3))))
    (block $done (loop $j
      (local.set $norms (i32.add (local.get $norms) (i32.const 8)))
      (br_if $done (i32.ge_u (local.get $norms) (local.get $end)))
      (local.set $t (i32.add (local.get $t) (i32.const 32)))
      (local.set $jv (i64x2.add (local.get $jv) (local.get $one)))
      (local.set $nj (v128.load64_splat (local.get $norms)))
      (local.set $v01 (f64x2.sub (local.get $nj) (f64x2.mul (local.get $two) (v128.load (local.get $t)))))
      (local.set $v23 (f64x2.sub (local.get $nj) (f64x2.mul (local.get $two) (v128.load offset=16 (local.get $t)))))
      (local.set $lt01 (f64x2.lt (local.get $v01) (local.get $best01)))
      (local.set $lt23 (f64x2.lt (local.get $v23) (local.get $best23)))
      (local.set $best01 (v128.bitselect (local.get $v01) (local.get $best01) (local.get $lt01)))
      (local.set $best23 (v128.bitselect (local.get $v23) (local.get $best23) (local.get $lt23)))
      (local.set $lab01 (v128.bitselect (local.get $jv) (local.get $lab01) (local.get $lt01)))
      (local.set $lab23 (v128.bitselect (local.get $jv) (local.get $lab23) (local.get $lt23)))
      (br $j)))
    (i32.store (local.get $out) (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $lab01))))
    (i32.store offset=4 (local.get $out) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $lab01))))
    (i32.store offset=8 (local.get $out) (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $lab23))))
    (i32.store offset=12 (local.get $out) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $lab23)))))

  ;; s[0..d) += x[0..d) * wi elementwise (the product rounded, then the sum), 8 values per step.
  (func $axpy (param $d i32) (param $wi f64) (param $x i32) (param $s i32)
    (local $wv v128) (local $end i32)
    (local.set $wv (f64x2.splat (local.get $wi)))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $d) (i32.const -8)) (i32.const 3))))
    (block $d8 (loop $l8
      (br_if $d8 (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $s) (f64x2.add (v128.load (local.get $s)) (f64x2.mul (v128.load (local.get $x)) (local.get $wv))))
      (v128.store offset=16 (local.get $s) (f64x2.add (v128.load offset=16 (local.get $s)) (f64x2.mul (v128.load offset=16 (local.get $x)) (local.get $wv))))
      (v128.store offset=32 (local.get $s) (f64x2.add (v128.load offset=32 (local.get $s)) (f64x2.mul (v128.load offset=32 (local.get $x)) (local.get $wv))))
      (v128.store offset=48 (local.get $s) (f64x2.add (v128.load offset=48 (local.get $s)) (f64x2.mul (v128.load offset=48 (local.get $x)) (local.get $wv))))
      (local.set $s (i32.add (local.get $s) (i32.const 64)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (br $l8)))
    ;; the last d mod 8 values: pairs, then one
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $d) (i32.const 6)) (i32.const 3))))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $x) (local.get $end)))
      (v128.store (local.get $s) (f64x2.add (v128.load (local.get $s)) (f64x2.mul (v128.load (local.get $x)) (local.get $wv))))
      (local.set $s (i32.add (local.get $s) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (br $l2)))
    (if (i32.and (local.get $d) (i32.const 1)) (then
      (f64.store (local.get $s) (f64.add (f64.load (local.get $s)) (f64.mul (f64.load (local.get $x)) (local.get $wi)))))))

  ;; labels (n,) for X (n, d) and centers Cp (k of them); with $update != 0 also S += and Wsum +=.
  ;; n, d, k >= 1.
  (func (export "lloyd") (param $n i32) (param $d i32) (param $k i32)
        (param $X i32) (param $W i32) (param $Cp i32) (param $norms i32)
        (param $labels i32) (param $S i32) (param $Wsum i32) (param $T i32) (param $update i32)
    (local $i i32) (local $r i32) (local $rows i32) (local $row i32) (local $last i32)
    (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $kp i32) (local $groups i32) (local $g i32) (local $pb i32) (local $tl i32)
    (local $lab i32) (local $wi f64) (local $s i32)
    (local.set $kp (i32.and (i32.add (local.get $k) (i32.const 1)) (i32.const -2)))
    (local.set $groups (i32.shr_u (local.get $kp) (i32.const 2)))
    (local.set $tl (i32.add (local.get $T) (i32.shl (local.get $kp) (i32.const 5))))   ;; 4 labels after the tile
    (local.set $row (i32.shl (local.get $d) (i32.const 3)))                           ;; bytes per row
    (local.set $last (i32.add (local.get $X) (i32.mul (i32.sub (local.get $n) (i32.const 1)) (local.get $row))))
    (loop $rowl
      (local.set $x0 (i32.add (local.get $X) (i32.mul (local.get $i) (local.get $row))))
      (local.set $x1 (i32.add (local.get $x0) (local.get $row)))
      (local.set $x2 (i32.add (local.get $x1) (local.get $row)))
      (local.set $x3 (i32.add (local.get $x2) (local.get $row)))
      (if (i32.gt_u (local.get $x1) (local.get $last)) (then (local.set $x1 (local.get $last))))
      (if (i32.gt_u (local.get $x2) (local.get $last)) (then (local.set $x2 (local.get $last))))
      (if (i32.gt_u (local.get $x3) (local.get $last)) (then (local.set $x3 (local.get $last))))
      ;; the tile: groups of 4 centers, then the group of 2
      (local.set $pb (local.get $Cp))
      (local.set $g (i32.const 0))
      (block $g4done (loop $g4
        (br_if $g4done (i32.ge_u (local.get $g) (local.get $groups)))
        (call $dots4x4 (local.get $d) (local.get $x0) (local.get $x1) (local.get $x2) (local.get $x3)
          (local.get $pb) (i32.add (local.get $T) (i32.shl (local.get $g) (i32.const 7))))
        (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $d) (i32.const 5))))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $g4)))
      (if (i32.and (local.get $kp) (i32.const 2)) (then
        (call $dots4x2 (local.get $d) (local.get $x0) (local.get $x1) (local.get $x2) (local.get $x3)
          (local.get $pb) (i32.add (local.get $T) (i32.shl (local.get $groups) (i32.const 7))))))
      (call $argmin4 (local.get $T) (local.get $norms) (local.get $k) (local.get $tl))
      ;; the real rows of the group, in order: label out, then the update
      (local.set $rows (i32.sub (local.get $n) (local.get $i)))
      (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
      (local.set $r (i32.const 0))
      (loop $rl
        (local.set $lab (i32.load (i32.add (local.get $tl) (i32.shl (local.get $r) (i32.const 2)))))
        (i32.store (i32.add (local.get $labels) (i32.shl (i32.add (local.get $i) (local.get $r)) (i32.const 2))) (local.get $lab))
        (if (local.get $update) (then
          (local.set $wi (f64.load (i32.add (local.get $W) (i32.shl (i32.add (local.get $i) (local.get $r)) (i32.const 3)))))
          (local.set $s (i32.add (local.get $Wsum) (i32.shl (local.get $lab) (i32.const 3))))
          (f64.store (local.get $s) (f64.add (f64.load (local.get $s)) (local.get $wi)))
          (call $axpy (local.get $d) (local.get $wi)
            (i32.add (local.get $x0) (i32.mul (local.get $r) (local.get $row)))
            (i32.add (local.get $S) (i32.mul (local.get $lab) (local.get $row))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $rl (i32.lt_u (local.get $r) (local.get $rows))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $rowl (i32.lt_u (local.get $i) (local.get $n)))))
)
