"""Freeze PyTorch 1.13 float64 values for @fpml/level3-deep's Conv2d, pools and BatchNorm cases
that scripts/oracles/freeze_layers.py does not cover: grouped and depthwise convolutions,
asymmetric pools, BatchNorm with momentum=None on (N, C, L), affine=False,
track_running_stats=False (batch statistics in eval too).

Same case format and helpers as freeze_layers.py (its layer_case is imported and drives a
generator of our own seed, so that script's output does not change).

Output: packages/level3-deep/src/layers/__fixtures__/conv_torch.json
Run: OMP_NUM_THREADS=1 /usr/bin/python3 scripts/oracles/freeze_conv.py
"""
import os
import platform
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import freeze_layers as fl  # noqa: E402

SEED = 20261202
fl.rng = np.random.default_rng(SEED)
torch.manual_seed(SEED)
torch.set_default_dtype(torch.float64)
rng = fl.rng


def bn_state(m):
    with torch.no_grad():
        if m.weight is not None:
            m.weight.copy_(torch.tensor(rng.uniform(0.5, 1.5, size=tuple(m.weight.shape))))
            m.bias.copy_(torch.tensor(rng.normal(0.0, 0.5, size=tuple(m.bias.shape))))
        if m.running_mean is not None:
            m.running_mean.copy_(torch.tensor(rng.normal(0.0, 0.5, size=tuple(m.running_mean.shape))))
            m.running_var.copy_(torch.tensor(rng.uniform(0.5, 2.0, size=tuple(m.running_var.shape))))
            m.num_batches_tracked.fill_(5)


def cases():
    out = []
    convs = [
        ("conv2d 4->6 k3 g2 p1", dict(inChannels=4, outChannels=6, kernelSize=3, padding=1, groups=2), (2, 4, 5, 5)),
        ("conv2d 3->3 k3 depthwise s2 p1", dict(inChannels=3, outChannels=3, kernelSize=3, stride=2, padding=1, groups=3), (1, 3, 7, 6)),
        ("conv2d 4->2 k(3,2) g2 s(2,1) d(1,2) p(2,1)", dict(inChannels=4, outChannels=2, kernelSize=[3, 2], stride=[2, 1], dilation=[1, 2], padding=[2, 1], groups=2), (2, 4, 7, 8)),
    ]
    for name, c, xshape in convs:
        m = nn.Conv2d(c["inChannels"], c["outChannels"], c["kernelSize"], stride=c.get("stride", 1), padding=c.get("padding", 0), dilation=c.get("dilation", 1), groups=c.get("groups", 1))
        out.append(fl.layer_case(name, "Conv2d", c, m, [fl.normal(*xshape)]))
    pools = [
        ("maxpool2d k3 s1 p1", "MaxPool2d", dict(kernelSize=3, stride=1, padding=1), nn.MaxPool2d(3, stride=1, padding=1), (2, 3, 5, 5)),
        ("maxpool2d k(3,2) s(2,3) p(1,1)", "MaxPool2d", dict(kernelSize=[3, 2], stride=[2, 3], padding=[1, 1]), nn.MaxPool2d((3, 2), stride=(2, 3), padding=(1, 1)), (2, 2, 7, 8)),
        ("avgpool2d k(3,2) s(2,3) p(1,1) exclude pad", "AvgPool2d", dict(kernelSize=[3, 2], stride=[2, 3], padding=[1, 1], countIncludePad=False), nn.AvgPool2d((3, 2), stride=(2, 3), padding=(1, 1), count_include_pad=False), (2, 2, 7, 8)),
        ("avgpool2d k(2,3) s1 p(1,1)", "AvgPool2d", dict(kernelSize=[2, 3], stride=1, padding=[1, 1]), nn.AvgPool2d((2, 3), stride=1, padding=(1, 1)), (1, 2, 5, 6)),
    ]
    for name, layer, c, m, xshape in pools:
        out.append(fl.layer_case(name, layer, c, m, [fl.distinct(*xshape)]))
    bns = [
        ("batchnorm1d (4,3,5) train momentum None", "BatchNorm1d", dict(numFeatures=3, momentum=None), nn.BatchNorm1d(3, momentum=None), (4, 3, 5), "train"),
        ("batchnorm1d (6,4) train eps 1e-3 no affine", "BatchNorm1d", dict(numFeatures=4, eps=1e-3, affine=False), nn.BatchNorm1d(4, eps=1e-3, affine=False), (6, 4), "train"),
        ("batchnorm1d (3,2,4) eval", "BatchNorm1d", dict(numFeatures=2), nn.BatchNorm1d(2), (3, 2, 4), "eval"),
        ("batchnorm1d (2,3) train (2 values per channel)", "BatchNorm1d", dict(numFeatures=3), nn.BatchNorm1d(3), (2, 3), "train"),
        ("batchnorm2d (2,3,4,5) train no running stats", "BatchNorm2d", dict(numFeatures=3, trackRunningStats=False), nn.BatchNorm2d(3, track_running_stats=False), (2, 3, 4, 5), "train"),
        ("batchnorm2d (4,2,3,3) eval no running stats", "BatchNorm2d", dict(numFeatures=2, trackRunningStats=False), nn.BatchNorm2d(2, track_running_stats=False), (4, 2, 3, 3), "eval"),
        ("batchnorm2d (2,2,2,3) train momentum 0.5 no affine", "BatchNorm2d", dict(numFeatures=2, momentum=0.5, affine=False), nn.BatchNorm2d(2, momentum=0.5, affine=False), (2, 2, 2, 3), "train"),
    ]
    for name, layer, c, m, xshape, mode in bns:
        out.append(fl.layer_case(name, layer, c, m, [fl.normal(*xshape, scale=1.5) + 0.4], mode=mode, state_fn=bn_state))
    return out


if __name__ == "__main__":
    meta = {
        "script": "scripts/oracles/freeze_conv.py",
        "what": "conv2d groups, pools, batchnorm options",
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "seed": SEED,
        "dtype": "float64",
    }
    fl.write(os.path.join(fl.PKG, "layers/__fixtures__/conv_torch.json"), {"meta": meta, "cases": cases()})
