;; Float64 GEMM with WebAssembly SIMD (f64x2): C = op(A) op(B); and, at the end of the file,
;; the matrix-vector products y = A x and y = A^T x (gemv, gemv_t).
;;
;; C is row-major (n, m); op(A) (n, k) and op(B) (k, m) are read through element strides,
;;   op(A)(i, p) = A[i*ar + p*ac],   op(B)(p, j) = B[p*br + j*bc],
;; so a transposed operand is never built: the packing routines below read it strided.
;; Source of the assembled bytes in gemm-bytes.ts (`pnpm --filter @fpml/core run build:wasm`);
;; the design is described in docs/core/matrix.md.
;;
;; Scheme (the loop nest of Goto & van de Geijn, "Anatomy of high-performance matrix
;; multiplication", 2008, written from its description):
;;
;;   for jc in 0..m step NC                      columns of C and B
;;     for pc in 0..k step KC                    one depth slab
;;       pack op(B)[pc:pc+kc, jc:jc+nc] -> Bp    KC x NC  (<= 4 MB, streamed from L2/L3)
;;       for ic in 0..n step MC                  rows of C and A
;;         pack op(A)[ic:ic+mc, pc:pc+kc] -> Ap  MC x KC  (256 KB, stays in L2)
;;         for jr in 0..nc step 4                one 4-column micro-panel of Bp (8 KB, in L1)
;;           for ir in 0..mc step 4              one 4-row micro-panel of Ap (from L2)
;;             4x4 micro-kernel: C[ic+ir.., jc+jr..] (+)= Ap_ir . Bp_jr
;;
;; Packed layouts. A micro-panel of Ap holds 4 rows of op(A) for kc values of p, interleaved:
;; Ap_ir[4p + r] = op(A)(ic+ir+r, pc+p); a micro-panel of Bp holds 4 columns of op(B) the same
;; way: Bp_jr[4p + c] = op(B)(pc+p, jc+jr+c). Both are contiguous, so the micro-kernel reads
;; them with constant offsets and one pointer bump per p. Rows/columns past the edge of the
;; matrix are packed as 0; their results land in a scratch tile and are thrown away.
;;
;; Register blocking (the micro-kernel). A 4x4 block of C is 8 f64x2 registers (4 rows x 2
;; column pairs). For each p: 2 vector loads of B (columns 0-1 and 2-3), 4 scalar loads of A
;; each splatted to both lanes (v128.load64_splat), 8 f64x2.mul and 8 f64x2.add: 32 flops per
;; 6 loads. With the 2 B vectors, one A splat and one product temporary that is 12 of the 16
;; xmm registers V8 gives wasm on x64, so nothing spills. Measured on this machine (2-core AMD
;; EPYC, L1-resident panels, kc = 256): 4x4 23.7 GFLOP/s, 2x8 23.7, 6x4 14.9, 4x6 15.3,
;; 4x4 with p unrolled twice 17.5 (larger tiles spill; the mul+add pipes are the limit).
;; WebAssembly SIMD has no fused multiply-add (relaxed-simd is not enabled in Node 20).
;;
;; Summation order. Each accumulator lane holds one C(i, j). At the first slab (pc = 0) it
;; starts at +0, at later slabs it is loaded from C, and the products are added one p at a
;; time in increasing p. So every entry is the plain left-to-right sum
;;   C(i, j) = (((0 + a_i0 b_0j) + a_i1 b_1j) + ...) + a_i,k-1 b_k-1,j
;; whatever the block sizes or the shape: results are bit-for-bit reproducible, equal to the
;; textbook loop, and NaN/Inf/subnormals behave exactly as IEEE 754 scalar arithmetic (wasm
;; f64x2 ops are IEEE, round to nearest, no flush to zero).
;;
;; All addresses are byte offsets into the exported memory, compared unsigned, so the module
;; works for any memory below 4 GiB. The caller (wasm-gemm.ts) lays out the workspace (size
;; from $work_bytes), A, B and C, and grows the memory.
(module
  (memory (export "memory") 1)

  ;; Block sizes, in elements. MR = NR = 4 are fixed by the micro-kernel.
  ;; MC x KC x 8 B = 256 KB of packed A stays in the 1 MB L2 while every B micro-panel
  ;; (KC x 4 x 8 B = 8 KB) sits in the 48 KB L1.
  (global $MC i32 (i32.const 128))
  (global $KC i32 (i32.const 256))
  (global $NC i32 (i32.const 2048))

  ;; Bytes of workspace gemm needs for these sizes: packed A, packed B, a 4x4 scratch tile.
  (func $work_bytes (export "work_bytes") (param $n i32) (param $k i32) (param $m i32) (result i32)
    (local $mc i32) (local $kc i32) (local $nc i32)
    (local.set $mc (select (global.get $MC) (local.get $n) (i32.gt_u (local.get $n) (global.get $MC))))
    (local.set $kc (select (global.get $KC) (local.get $k) (i32.gt_u (local.get $k) (global.get $KC))))
    (local.set $nc (select (global.get $NC) (local.get $m) (i32.gt_u (local.get $m) (global.get $NC))))
    ;; round mc, nc up to a multiple of 4 (edge panels are padded)
    (local.set $mc (i32.and (i32.add (local.get $mc) (i32.const 3)) (i32.const -4)))
    (local.set $nc (i32.and (i32.add (local.get $nc) (i32.const 3)) (i32.const -4)))
    (i32.add
      (i32.shl (i32.mul (i32.add (local.get $mc) (local.get $nc)) (local.get $kc)) (i32.const 3))
      (i32.const 128)))

  ;; ---------------------------------------------------------------------------------------
  ;; Micro-kernel: the 4x4 block at $c (row pitch $ldc bytes) gets
  ;;   C[r][j] = (acc ? C[r][j] : +0) + sum_{p<kc} pa[4p + r] * pb[4p + j]
  ;; kc >= 1. pa, pb: packed micro-panels (32 bytes per p).
  (func $kernel (param $kc i32) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32) (param $acc i32)
    (local $c00 v128) (local $c01 v128)   ;; row 0: columns 0-1, 2-3
    (local $c10 v128) (local $c11 v128)   ;; row 1
    (local $c20 v128) (local $c21 v128)   ;; row 2
    (local $c30 v128) (local $c31 v128)   ;; row 3
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $end i32)
    (local.set $r1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $r2 (i32.add (local.get $r1) (local.get $ldc)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $ldc)))
    (if (local.get $acc) (then
      (local.set $c00 (v128.load (local.get $c)))
      (local.set $c01 (v128.load offset=16 (local.get $c)))
      (local.set $c10 (v128.load (local.get $r1)))
      (local.set $c11 (v128.load offset=16 (local.get $r1)))
      (local.set $c20 (v128.load (local.get $r2)))
      (local.set $c21 (v128.load offset=16 (local.get $r2)))
      (local.set $c30 (v128.load (local.get $r3)))
      (local.set $c31 (v128.load offset=16 (local.get $r3)))))
    ;; (otherwise the v128 locals start at +0, as wasm zero-initialises locals)
    (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $p
      (local.set $b0 (v128.load (local.get $pb)))            ;; B(p, 0..1)
      (local.set $b1 (v128.load offset=16 (local.get $pb)))  ;; B(p, 2..3)
      (local.set $a (v128.load64_splat (local.get $pa)))     ;; A(0, p) in both lanes
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load64_splat offset=8 (local.get $pa)))   ;; A(1, p)
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load64_splat offset=16 (local.get $pa)))  ;; A(2, p)
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load64_splat offset=24 (local.get $pa)))  ;; A(3, p)
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $p (i32.lt_u (local.get $pa) (local.get $end))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store (local.get $r1) (local.get $c10))
    (v128.store offset=16 (local.get $r1) (local.get $c11))
    (v128.store (local.get $r2) (local.get $c20))
    (v128.store offset=16 (local.get $r2) (local.get $c21))
    (v128.store (local.get $r3) (local.get $c30))
    (v128.store offset=16 (local.get $r3) (local.get $c31)))

  ;; ---------------------------------------------------------------------------------------
  ;; Packing. $pack reads a rows x kc block of some matrix M, M(r, p) at src + r*rs + p*cs
  ;; (byte strides), into 4-row micro-panels dst[4p + r] (zero rows past `rows`). It packs
  ;; both operands: for A the "rows" are rows of op(A); for B they are columns of op(B)
  ;; (rs = bc, cs = br). Full panels with one unit stride take a vector path:

  ;; rs = 8: the 4 values M(r..r+3, p) are adjacent (op(A) = A^T, or op(B) = B row-major):
  ;; copy 32 bytes per p.
  (func $pack_adjacent (param $dst i32) (param $src i32) (param $cs i32) (param $kc i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $l
      (v128.store (local.get $dst) (v128.load (local.get $src)))
      (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
      (local.set $src (i32.add (local.get $src) (local.get $cs)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
      (br_if $l (i32.lt_u (local.get $dst) (local.get $end)))))

  ;; cs = 8: four unit-stride streams, one per row (op(A) = A row-major, or op(B) = B^T).
  ;; Two values of p at a time: load (M(r,p), M(r,p+1)) from each row and interleave the
  ;; low and high lanes of row pairs (0,1) and (2,3) with byte shuffles (a 2x2 transpose).
  (func $pack_rows (param $dst i32) (param $src i32) (param $rs i32) (param $kc i32)
    (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $end i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local.set $s1 (i32.add (local.get $src) (local.get $rs)))
    (local.set $s2 (i32.add (local.get $s1) (local.get $rs)))
    (local.set $s3 (i32.add (local.get $s2) (local.get $rs)))
    ;; end of the even part of row 0
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $kc) (i32.const -2)) (i32.const 3))))
    (if (i32.lt_u (local.get $src) (local.get $end)) (then
      (loop $l
        (local.set $x0 (v128.load (local.get $src)))   ;; M(0,p) M(0,p+1)
        (local.set $x1 (v128.load (local.get $s1)))    ;; M(1,p) M(1,p+1)
        (local.set $x2 (v128.load (local.get $s2)))
        (local.set $x3 (v128.load (local.get $s3)))
        ;; p:   M(0,p) M(1,p) | M(2,p) M(3,p)
        (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x0) (local.get $x1)))
        (v128.store offset=16 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x2) (local.get $x3)))
        ;; p+1: M(0,p+1) M(1,p+1) | M(2,p+1) M(3,p+1)
        (v128.store offset=32 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x0) (local.get $x1)))
        (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x2) (local.get $x3)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $s1 (i32.add (local.get $s1) (i32.const 16)))
        (local.set $s2 (i32.add (local.get $s2) (i32.const 16)))
        (local.set $s3 (i32.add (local.get $s3) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
        (br_if $l (i32.lt_u (local.get $src) (local.get $end))))))
    (if (i32.and (local.get $kc) (i32.const 1)) (then   ;; odd kc: the last p one value per row
      (f64.store (local.get $dst) (f64.load (local.get $src)))
      (f64.store offset=8 (local.get $dst) (f64.load (local.get $s1)))
      (f64.store offset=16 (local.get $dst) (f64.load (local.get $s2)))
      (f64.store offset=24 (local.get $dst) (f64.load (local.get $s3))))))

  ;; Any strides, rows < 4 allowed (edge panels): one value at a time, zeros past `rows`.
  (func $pack_scalar (param $dst i32) (param $src i32) (param $rs i32) (param $cs i32) (param $rows i32) (param $kc i32)
    (local $p i32) (local $r i32) (local $s i32)
    (loop $pl
      (local.set $s (i32.add (local.get $src) (i32.mul (local.get $p) (local.get $cs))))
      (local.set $r (i32.const 0))
      (loop $rl
        (f64.store (local.get $dst)
          (if (result f64) (i32.lt_u (local.get $r) (local.get $rows))
            (then (f64.load (local.get $s)))
            (else (f64.const 0))))
        (local.set $s (i32.add (local.get $s) (local.get $rs)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $rl (i32.lt_u (local.get $r) (i32.const 4))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $pl (i32.lt_u (local.get $p) (local.get $kc)))))

  ;; rows x kc block -> ceil(rows/4) micro-panels of 32*kc bytes each.
  (func $pack (param $dst i32) (param $src i32) (param $rs i32) (param $cs i32) (param $rows i32) (param $kc i32)
    (local $r i32) (local $left i32)
    (loop $panels
      (local.set $left (i32.sub (local.get $rows) (local.get $r)))
      (if (i32.lt_u (local.get $left) (i32.const 4))
        (then (call $pack_scalar (local.get $dst) (local.get $src) (local.get $rs) (local.get $cs) (local.get $left) (local.get $kc)))
        (else
          (if (i32.eq (local.get $rs) (i32.const 8))
            (then (call $pack_adjacent (local.get $dst) (local.get $src) (local.get $cs) (local.get $kc)))
            (else
              (if (i32.eq (local.get $cs) (i32.const 8))
                (then (call $pack_rows (local.get $dst) (local.get $src) (local.get $rs) (local.get $kc)))
                (else (call $pack_scalar (local.get $dst) (local.get $src) (local.get $rs) (local.get $cs) (i32.const 4) (local.get $kc))))))))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 5))))
      (local.set $src (i32.add (local.get $src) (i32.shl (local.get $rs) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br_if $panels (i32.lt_u (local.get $r) (local.get $rows)))))

  ;; Copy a rows x cols corner between C (pitch $ldc) and the 4x4 scratch tile (pitch 32).
  (func $tile_copy (param $from i32) (param $fpitch i32) (param $to i32) (param $tpitch i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $j i32)
    (loop $rl
      (local.set $j (i32.const 0))
      (loop $jl
        (f64.store (i32.add (local.get $to) (i32.shl (local.get $j) (i32.const 3)))
          (f64.load (i32.add (local.get $from) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $jl (i32.lt_u (local.get $j) (local.get $cols))))
      (local.set $from (i32.add (local.get $from) (local.get $fpitch)))
      (local.set $to (i32.add (local.get $to) (local.get $tpitch)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $rl (i32.lt_u (local.get $r) (local.get $rows)))))

  ;; ---------------------------------------------------------------------------------------
  ;; C (n, m) row-major at $C  :=  op(A) op(B). Strides ar, ac, br, bc in elements; W is the
  ;; workspace ($work_bytes(n, k, m) bytes). k = 0 (or an empty C) writes zeros.
  (func (export "gemm") (param $n i32) (param $k i32) (param $m i32)
        (param $A i32) (param $ar i32) (param $ac i32)
        (param $B i32) (param $br i32) (param $bc i32)
        (param $C i32) (param $W i32)
    (local $jc i32) (local $pc i32) (local $ic i32) (local $jr i32) (local $ir i32)
    (local $nc i32) (local $kc i32) (local $mc i32) (local $rows i32) (local $cols i32)
    (local $Ap i32) (local $Bp i32) (local $tile i32) (local $ldc i32)
    (local $pa i32) (local $pb i32) (local $c i32) (local $i i32)
    (if (i32.or (i32.eqz (local.get $n)) (i32.eqz (local.get $m))) (then (return)))
    (if (i32.eqz (local.get $k)) (then
      (loop $z
        (f64.store (i32.add (local.get $C) (i32.shl (local.get $i) (i32.const 3))) (f64.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $z (i32.lt_u (local.get $i) (i32.mul (local.get $n) (local.get $m)))))
      (return)))
    ;; element strides -> byte strides
    (local.set $ar (i32.shl (local.get $ar) (i32.const 3)))
    (local.set $ac (i32.shl (local.get $ac) (i32.const 3)))
    (local.set $br (i32.shl (local.get $br) (i32.const 3)))
    (local.set $bc (i32.shl (local.get $bc) (i32.const 3)))
    (local.set $ldc (i32.shl (local.get $m) (i32.const 3)))
    ;; workspace: [Ap: mc4 x kc][Bp: kc x nc4][tile: 4 x 4]
    (local.set $Ap (local.get $W))
    (local.set $Bp (i32.add (local.get $W)
      (i32.shl (i32.mul
        (i32.and (i32.add (select (global.get $MC) (local.get $n) (i32.gt_u (local.get $n) (global.get $MC))) (i32.const 3)) (i32.const -4))
        (select (global.get $KC) (local.get $k) (i32.gt_u (local.get $k) (global.get $KC)))) (i32.const 3))))
    (local.set $tile (i32.sub (i32.add (local.get $W) (call $work_bytes (local.get $n) (local.get $k) (local.get $m))) (i32.const 128)))
    (loop $jcl
      (local.set $nc (i32.sub (local.get $m) (local.get $jc)))
      (if (i32.gt_u (local.get $nc) (global.get $NC)) (then (local.set $nc (global.get $NC))))
      (local.set $pc (i32.const 0))
      (loop $pcl
        (local.set $kc (i32.sub (local.get $k) (local.get $pc)))
        (if (i32.gt_u (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
        ;; Bp <- op(B)[pc:pc+kc, jc:jc+nc], panels of 4 columns (rows of the packer = columns of op(B))
        (call $pack (local.get $Bp)
          (i32.add (local.get $B) (i32.add (i32.mul (local.get $pc) (local.get $br)) (i32.mul (local.get $jc) (local.get $bc))))
          (local.get $bc) (local.get $br) (local.get $nc) (local.get $kc))
        (local.set $ic (i32.const 0))
        (loop $icl
          (local.set $mc (i32.sub (local.get $n) (local.get $ic)))
          (if (i32.gt_u (local.get $mc) (global.get $MC)) (then (local.set $mc (global.get $MC))))
          ;; Ap <- op(A)[ic:ic+mc, pc:pc+kc], panels of 4 rows
          (call $pack (local.get $Ap)
            (i32.add (local.get $A) (i32.add (i32.mul (local.get $ic) (local.get $ar)) (i32.mul (local.get $pc) (local.get $ac))))
            (local.get $ar) (local.get $ac) (local.get $mc) (local.get $kc))
          (local.set $jr (i32.const 0))
          (loop $jrl
            (local.set $cols (i32.sub (local.get $nc) (local.get $jr)))
            (if (i32.gt_u (local.get $cols) (i32.const 4)) (then (local.set $cols (i32.const 4))))
            (local.set $pb (i32.add (local.get $Bp) (i32.mul (local.get $jr) (i32.shl (local.get $kc) (i32.const 3)))))
            (local.set $ir (i32.const 0))
            (loop $irl
              (local.set $rows (i32.sub (local.get $mc) (local.get $ir)))
              (if (i32.gt_u (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
              (local.set $pa (i32.add (local.get $Ap) (i32.mul (local.get $ir) (i32.shl (local.get $kc) (i32.const 3)))))
              (local.set $c (i32.add (local.get $C)
                (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $ldc))
                         (i32.shl (i32.add (local.get $jc) (local.get $jr)) (i32.const 3)))))
              (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 4)))
                (then (call $kernel (local.get $kc) (local.get $pa) (local.get $pb) (local.get $c) (local.get $ldc) (local.get $pc)))
                (else
                  ;; edge tile: run the same kernel on the scratch tile, keep the valid corner
                  (if (local.get $pc) (then
                    (call $tile_copy (local.get $c) (local.get $ldc) (local.get $tile) (i32.const 32) (local.get $rows) (local.get $cols))))
                  (call $kernel (local.get $kc) (local.get $pa) (local.get $pb) (local.get $tile) (i32.const 32) (local.get $pc))
                  (call $tile_copy (local.get $tile) (i32.const 32) (local.get $c) (local.get $ldc) (local.get $rows) (local.get $cols))))
              (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
              (br_if $irl (i32.lt_u (local.get $ir) (local.get $mc))))
            (local.set $jr (i32.add (local.get $jr) (i32.const 4)))
            (br_if $jrl (i32.lt_u (local.get $jr) (local.get $nc))))
          (local.set $ic (i32.add (local.get $ic) (local.get $mc)))
          (br_if $icl (i32.lt_u (local.get $ic) (local.get $n))))
        (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
        (br_if $pcl (i32.lt_u (local.get $pc) (local.get $k))))
      (local.set $jc (i32.add (local.get $jc) (local.get $nc)))
      (br_if $jcl (i32.lt_u (local.get $jc) (local.get $m)))))

  ;; =======================================================================================
  ;; Matrix-vector products, y = A x and y = A^T x, A row-major (n, d) at $A (byte offset).
  ;; A GEMM with m = 1 would waste 3 of its 4 tile columns and pack A on every call; these
  ;; stream A once, 4 rows at a time, and are memory-bound (A is read once per call). Each is
  ;; the same sequence of IEEE operations as its JS twin in ../gemv-kernel.ts, so the two give
  ;; bit-identical results and the dispatch in ../matmul.ts cannot change a single bit.

  ;; One row's dot product in the order of gemvJs: lane 0 sums the even j, lane 1 the odd j,
  ;; each left to right; an odd last element goes to lane 0; y = lane0 + lane1.
  (func $dot_row (param $a i32) (param $x i32) (param $d i32) (result f64)
    (local $acc v128) (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $d) (i32.const -2)) (i32.const 3))))
    (if (i32.lt_u (local.get $a) (local.get $end)) (then
      (loop $l
        (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (v128.load (local.get $a)) (v128.load (local.get $x)))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br_if $l (i32.lt_u (local.get $a) (local.get $end))))))
    (if (i32.and (local.get $d) (i32.const 1)) (then
      (local.set $acc (f64x2.replace_lane 0 (local.get $acc)
        (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64.mul (f64.load (local.get $a)) (f64.load (local.get $x))))))))
    (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))

  ;; y (n) := A x. Four rows per pass over x: four independent accumulator chains (a single
  ;; chain is bound by the latency of f64x2.add), x loaded once for the four. Rows n mod 4
  ;; left over take $dot_row. Measured at 10000x100 (8 MB, from L3): 0.17 ms, 4 rows; 2 rows
  ;; 0.21, 6 rows 0.16, 8 rows 0.25 (spills).
  (func (export "gemv") (param $n i32) (param $d i32) (param $A i32) (param $x i32) (param $y i32)
    (local $i i32) (local $n4 i32) (local $pitch i32) (local $even i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $xp i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $xv v128) (local $zero v128)
    (local.set $pitch (i32.shl (local.get $d) (i32.const 3)))
    (local.set $even (i32.shl (i32.and (local.get $d) (i32.const -2)) (i32.const 3)))  ;; bytes of the paired part
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done4 (loop $rows
      (br_if $done4 (i32.ge_u (local.get $i) (local.get $n4)))
      (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $pitch))))
      (local.set $r1 (i32.add (local.get $r0) (local.get $pitch)))
      (local.set $r2 (i32.add (local.get $r1) (local.get $pitch)))
      (local.set $r3 (i32.add (local.get $r2) (local.get $pitch)))
      (local.set $a0 (local.get $zero))
      (local.set $a1 (local.get $zero))
      (local.set $a2 (local.get $zero))
      (local.set $a3 (local.get $zero))
      (local.set $xp (local.get $x))
      (local.set $end (i32.add (local.get $x) (local.get $even)))
      (if (i32.lt_u (local.get $xp) (local.get $end)) (then
        (loop $l
          (local.set $xv (v128.load (local.get $xp)))          ;; x(j), x(j+1)
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $r0)) (local.get $xv))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load (local.get $r1)) (local.get $xv))))
          (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load (local.get $r2)) (local.get $xv))))
          (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load (local.get $r3)) (local.get $xv))))
          (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
          (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
          (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
          (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
          (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
          (br_if $l (i32.lt_u (local.get $xp) (local.get $end))))))
      (if (i32.and (local.get $d) (i32.const 1)) (then   ;; odd d: the last column into lane 0
        (local.set $a0 (f64x2.replace_lane 0 (local.get $a0) (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64.mul (f64.load (local.get $r0)) (f64.load (local.get $xp))))))
        (local.set $a1 (f64x2.replace_lane 0 (local.get $a1) (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64.mul (f64.load (local.get $r1)) (f64.load (local.get $xp))))))
        (local.set $a2 (f64x2.replace_lane 0 (local.get $a2) (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64.mul (f64.load (local.get $r2)) (f64.load (local.get $xp))))))
        (local.set $a3 (f64x2.replace_lane 0 (local.get $a3) (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64.mul (f64.load (local.get $r3)) (f64.load (local.get $xp))))))))
      (local.set $r0 (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))))
      (f64.store (local.get $r0) (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
      (f64.store offset=8 (local.get $r0) (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1))))
      (f64.store offset=16 (local.get $r0) (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64x2.extract_lane 1 (local.get $a2))))
      (f64.store offset=24 (local.get $r0) (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64x2.extract_lane 1 (local.get $a3))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $rows)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (f64.store (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3)))
        (call $dot_row (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $pitch))) (local.get $x) (local.get $d)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail))))

  ;; y (d) := A^T x = sum_i x(i) A(i, :), in the order of gemvTJs: y starts at +0 and every
  ;; y(j) gets x(i) A(i, j) added for i = 0, 1, ..., n-1 in turn. Four rows per sweep of y:
  ;; y(j..j+1) is loaded once, gets its four products added one after the other (the same
  ;; roundings as four separate sweeps), and is stored once. Rows n mod 4 sweep alone.
  ;; Measured at 10000x100: 0.21 ms (2 rows 0.23, 8 rows 0.20).
  (func (export "gemv_t") (param $n i32) (param $d i32) (param $A i32) (param $x i32) (param $y i32)
    (local $i i32) (local $j i32) (local $n4 i32) (local $pitch i32) (local $even i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $yp i32) (local $end i32) (local $xo i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $v v128)
    (local.set $pitch (i32.shl (local.get $d) (i32.const 3)))
    (local.set $even (i32.shl (i32.and (local.get $d) (i32.const -2)) (i32.const 3)))
    (block $z (loop $zl   ;; y := +0
      (br_if $z (i32.ge_u (local.get $j) (local.get $d)))
      (f64.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))) (f64.const 0))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $zl)))
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done4 (loop $rows
      (br_if $done4 (i32.ge_u (local.get $i) (local.get $n4)))
      (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $pitch))))
      (local.set $r1 (i32.add (local.get $r0) (local.get $pitch)))
      (local.set $r2 (i32.add (local.get $r1) (local.get $pitch)))
      (local.set $r3 (i32.add (local.get $r2) (local.get $pitch)))
      (local.set $xo (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $x0 (v128.load64_splat (local.get $xo)))            ;; x(i) in both lanes
      (local.set $x1 (v128.load64_splat offset=8 (local.get $xo)))   ;; x(i+1)
      (local.set $x2 (v128.load64_splat offset=16 (local.get $xo)))
      (local.set $x3 (v128.load64_splat offset=24 (local.get $xo)))
      (local.set $yp (local.get $y))
      (local.set $end (i32.add (local.get $y) (local.get $even)))
      (if (i32.lt_u (local.get $yp) (local.get $end)) (then
        (loop $l
          (local.set $v (v128.load (local.get $yp)))
          (local.set $v (f64x2.add (local.get $v) (f64x2.mul (v128.load (local.get $r0)) (local.get $x0))))
          (local.set $v (f64x2.add (local.get $v) (f64x2.mul (v128.load (local.get $r1)) (local.get $x1))))
          (local.set $v (f64x2.add (local.get $v) (f64x2.mul (v128.load (local.get $r2)) (local.get $x2))))
          (local.set $v (f64x2.add (local.get $v) (f64x2.mul (v128.load (local.get $r3)) (local.get $x3))))
          (v128.store (local.get $yp) (local.get $v))
          (local.set $yp (i32.add (local.get $yp) (i32.const 16)))
          (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
          (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
          (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
          (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
          (br_if $l (i32.lt_u (local.get $yp) (local.get $end))))))
      (if (i32.and (local.get $d) (i32.const 1)) (then   ;; odd d: the last column, scalar
        (f64.store (local.get $yp)
          (f64.add (f64.add (f64.add (f64.add (f64.load (local.get $yp))
            (f64.mul (f64.load (local.get $r0)) (f64x2.extract_lane 0 (local.get $x0))))
            (f64.mul (f64.load (local.get $r1)) (f64x2.extract_lane 0 (local.get $x1))))
            (f64.mul (f64.load (local.get $r2)) (f64x2.extract_lane 0 (local.get $x2))))
            (f64.mul (f64.load (local.get $r3)) (f64x2.extract_lane 0 (local.get $x3)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $rows)))
    (block $done (loop $tail
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $r0 (i32.add (local.get $A) (i32.mul (local.get $i) (local.get $pitch))))
      (local.set $x0 (v128.load64_splat (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $yp (local.get $y))
      (local.set $end (i32.add (local.get $y) (local.get $even)))
      (if (i32.lt_u (local.get $yp) (local.get $end)) (then
        (loop $l1
          (v128.store (local.get $yp) (f64x2.add (v128.load (local.get $yp)) (f64x2.mul (v128.load (local.get $r0)) (local.get $x0))))
          (local.set $yp (i32.add (local.get $yp) (i32.const 16)))
          (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
          (br_if $l1 (i32.lt_u (local.get $yp) (local.get $end))))))
      (if (i32.and (local.get $d) (i32.const 1)) (then
        (f64.store (local.get $yp) (f64.add (f64.load (local.get $yp)) (f64.mul (f64.load (local.get $r0)) (f64x2.extract_lane 0 (local.get $x0)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail))))
)
