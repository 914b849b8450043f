"""Reference data: the industries categories are grouped under (Dongguan's main sectors)."""

from django.db import migrations

INDUSTRIES = [
    ("electronics", "电子信息"),
    ("electrical", "电气机械及设备"),
    ("equipment", "智能装备"),
    ("textile", "纺织服装鞋帽"),
    ("furniture", "家具"),
    ("food", "食品饮料"),
    ("toys", "玩具及文体用品"),
    ("paper", "造纸及包装印刷"),
    ("materials", "新材料"),
    ("chemicals", "化工制品"),
    ("biomedicine", "生物医药"),
    ("agriculture", "农产品"),
    ("consumer", "日用消费品"),
]


def load(apps, schema_editor):
    Industry = apps.get_model("catalog", "Industry")
    for order, (code, name) in enumerate(INDUSTRIES):
        Industry.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
