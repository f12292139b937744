"""Tiny, randomly initialised Stable Diffusion checkpoints, built from configs in code and saved as safetensors.

They have the real structure (a UNet with cross-attention, a KL autoencoder, a CLIP text encoder and
tokenizer, a scheduler) at a few thousand parameters, so a test can load them with the same
`from_pretrained` call a real checkpoint gets and run 2 steps at 64x64 in a fraction of a second,
with no network. Their pictures are noise: the tests check shapes, seeds and masks, not beauty.
"""

from __future__ import annotations

from pathlib import Path

SEED = 0  # the weights are random, but the same on every run
TEXT_WIDTH = 32  # the text encoder's hidden size, which is the UNet's cross-attention width
NATIVE = 32  # the UNet's sample size: with the autoencoder's factor of 2, 64x64 pictures


def _tokenizer():
    """A byte-level BPE tokenizer with no merges (every character its own token) in CLIP's format."""
    from tokenizers.pre_tokenizers import ByteLevel
    from transformers import CLIPTokenizer

    alphabet = sorted(ByteLevel.alphabet())
    tokens = ["<|startoftext|>", "<|endoftext|>", *alphabet, *(f"{ch}</w>" for ch in alphabet)]
    return CLIPTokenizer(vocab={token: index for index, token in enumerate(tokens)}, merges=[], model_max_length=77)


def _components(unet_in_channels: int) -> dict:
    import torch
    from diffusers import AutoencoderKL, DDIMScheduler, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(SEED)
    tokenizer = _tokenizer()
    unet = UNet2DConditionModel(
        sample_size=NATIVE,
        in_channels=unet_in_channels,
        out_channels=4,
        block_out_channels=(16, 32),
        layers_per_block=1,
        norm_num_groups=8,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=TEXT_WIDTH,
        attention_head_dim=4,
    )
    vae = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        block_out_channels=(8, 16),
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        latent_channels=4,
        norm_num_groups=8,
        sample_size=NATIVE * 2,
    )
    text_encoder = CLIPTextModel(
        CLIPTextConfig(
            vocab_size=len(tokenizer),
            hidden_size=TEXT_WIDTH,
            intermediate_size=37,
            num_attention_heads=4,
            num_hidden_layers=2,
            max_position_embeddings=77,
            bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id,
            pad_token_id=tokenizer.pad_token_id,
        )
    )
    scheduler = DDIMScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", clip_sample=False, set_alpha_to_one=False, steps_offset=1)
    return {"unet": unet, "vae": vae, "text_encoder": text_encoder, "tokenizer": tokenizer, "scheduler": scheduler, "safety_checker": None, "feature_extractor": None}


def save_inpainting(folder: Path | str) -> Path:
    """A tiny StableDiffusionInpaintPipeline (its UNet takes 9 channels: latents, mask, masked image) saved in `folder`."""
    from diffusers import StableDiffusionInpaintPipeline

    StableDiffusionInpaintPipeline(**_components(9), requires_safety_checker=False).save_pretrained(folder, safe_serialization=True)
    return Path(folder)


def save_text_to_image(folder: Path | str) -> Path:
    """A tiny StableDiffusionPipeline (text to image) saved in `folder`."""
    from diffusers import StableDiffusionPipeline

    StableDiffusionPipeline(**_components(4), requires_safety_checker=False).save_pretrained(folder, safe_serialization=True)
    return Path(folder)
