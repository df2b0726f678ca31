from django_tasks import task

from chophien.core.images import as_content, render_variants

from .models import ProductPhoto


@task()
def resize_photo(*, photo_id: int) -> None:
    """Write the thumbnails of a photo and replace its original by a clean re-encoded copy."""
    photo = ProductPhoto.objects.filter(pk=photo_id).first()
    if photo is None or photo.thumb_small:
        return  # deleted meanwhile, or done by an earlier run
    with photo.original.open("rb") as handle:
        raw = handle.read()
    variants = render_variants(raw)
    old_original = photo.original.name
    data, width, height = variants["original"]
    photo.original.save(f"p{photo.pk}.jpg", as_content(data), save=False)
    photo.thumb_small.save(f"p{photo.pk}-360.webp", as_content(variants["small"][0]), save=False)
    photo.thumb_large.save(f"p{photo.pk}-800.webp", as_content(variants["large"][0]), save=False)
    photo.width, photo.height = width, height
    photo.save(update_fields=["original", "thumb_small", "thumb_large", "width", "height"])
    if old_original and old_original != photo.original.name:
        photo.original.storage.delete(old_original)
